import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { cutTornTail } from './torn-tail';

/** A write to a stored file failed: the disk is full or read-only, the device failed, a size limit hit. */
export interface StoreFault {
  /** The file (or folder) that could not be written. */
  path: string;
  /** The system's error code (ENOSPC, EROFS, EIO, EFBIG, EDQUOT, EACCES…), or 'EUNKNOWN'. */
  code: string;
  /** What the code means, for a person. */
  message: string;
}

export type FaultListener = (fault: StoreFault) => void;

const DESCRIPTIONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EIO: 'input/output error',
  EFBIG: 'file too large: the file size limit is reached',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'the folder is gone',
};

/** A thrown fs error as a fault of `path` (the error's own path wins: it names the file really hit). */
export function storeFault(path: string, error: unknown): StoreFault {
  const err = error as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? err.code : 'EUNKNOWN';
  return {
    path: typeof err?.path === 'string' ? err.path : path,
    code,
    message: DESCRIPTIONS[code] ?? (err instanceof Error ? err.message : String(error)),
  };
}

/**
 * An append-only file written with whole lines per write(2) on an O_APPEND descriptor: a crash can leave
 * at most one torn last line, which readers skip. Lines written in the same tick are joined into one write,
 * so a burst of events costs one syscall, not one per line.
 *
 * A failed write (disk full, read-only, I/O error, size limit) does not throw — it would surface in a
 * later tick as an uncaught exception and take the whole orchestrator down with its workers' records. The
 * file records the fault, reports it once to `onFault`, and drops every later line, so what reached the
 * disk before stays whole but for at most one torn last line.
 */
export interface AppendFileOptions {
  /**
   * Lines may wait this long to be written together (0: until the end of the current turn of the loop).
   * Each write(2) to a file also updates its times, which costs far more than the bytes on most file
   * systems: a log fed by a CLI that trickles is written a few dozen times a second, not once per line.
   */
  flushMs?: number;
  /**
   * Called before each write of this file: writes the files its lines point into (write-ahead order), so a
   * crash between two writes can leave a line pointed at without a pointer, never a pointer to nothing.
   */
  beforeWrite?: () => void;
}

/** Queued text (chars) or bytes past which the file is written at the end of the turn, however long flushMs is. */
const FLUSH_SIZE = 1 << 20;

export class AppendFile {
  private fd: number | null = null;
  /** Lines (text, no newline) and blocks of whole lines (bytes, each line with its newline). */
  private pending: (string | Buffer)[] = [];
  private pendingSize = 0;
  private scheduled: NodeJS.Immediate | NodeJS.Timeout | null = null;
  /** The scheduled write is a setImmediate (else a timer). */
  private endOfTurn = false;
  private readonly flushMs: number;
  private readonly beforeWrite: (() => void) | undefined;
  /** Whole lines in the file, including those queued: the next line's 1-based number minus one. */
  lineCount = 0;
  /** The first write that failed; nothing is written after it. */
  fault: StoreFault | null = null;

  constructor(
    readonly path: string,
    mode = 0o600,
    private readonly onFault?: FaultListener,
    options: AppendFileOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 0;
    this.beforeWrite = options.beforeWrite;
    try {
      // Reopening a log after a crash: drop a torn last line first so the next line stays whole.
      if (existsSync(path)) {
        cutTornTail(path);
        this.lineCount = countLines(path);
      }
      this.fd = openSync(path, 'a', mode);
    } catch (error) {
      // Without a listener nobody could learn of it later: fail now, as before.
      if (!onFault) throw error;
      this.fail(error);
    }
  }

  /**
   * Queue one line (without newline); it reaches the file before the next macrotask, or within flushMs
   * when the file was opened with it.
   */
  appendLine(line: string): void {
    if (this.fault) {
      this.lineCount += 1;
      return;
    }
    if (this.fd === null) throw new Error(`${this.path} is closed`);
    this.pending.push(line);
    this.queued(line.length + 1, 1);
  }

  /**
   * Queue whole lines given as their bytes, each ending in a newline (as a CLI wrote them): stored as
   * they are, without a round trip through text.
   */
  appendBytes(parts: readonly Buffer[], lines: number): void {
    if (this.fault) {
      this.lineCount += lines;
      return;
    }
    if (this.fd === null) throw new Error(`${this.path} is closed`);
    let size = 0;
    for (const part of parts) {
      if (part.length === 0) continue;
      this.pending.push(part);
      size += part.length;
    }
    this.queued(size, lines);
  }

  private queued(size: number, lines: number): void {
    this.pendingSize += size;
    this.lineCount += lines;
    if (this.scheduled === null) {
      this.endOfTurn = this.flushMs <= 0;
      this.scheduled = this.endOfTurn
        ? setImmediate(this.flushSoon)
        : setTimeout(this.flushSoon, this.flushMs);
    } else if (this.pendingSize >= FLUSH_SIZE && !this.endOfTurn) {
      // A CLI flat out: written at the end of this turn, so memory holds at most about a megabyte.
      clearTimeout(this.scheduled as NodeJS.Timeout);
      this.scheduled = setImmediate(this.flushSoon);
      this.endOfTurn = true;
    }
  }

  private readonly flushSoon = (): void => {
    this.scheduled = null;
    this.flush();
  };

  /** Write everything queued now. */
  flush(): void {
    if (this.scheduled !== null) {
      if (this.endOfTurn) clearImmediate(this.scheduled as NodeJS.Immediate);
      else clearTimeout(this.scheduled as NodeJS.Timeout);
      this.scheduled = null;
    }
    if (this.fd === null || this.fault || this.pending.length === 0) return;
    this.beforeWrite?.();
    const chunk = joinPending(this.pending);
    this.pending = [];
    this.pendingSize = 0;
    try {
      // write(2) may take only part of the chunk (a file reaching its size limit, a disk filling up): the
      // rest goes in the next call, which then fails with the reason.
      for (let offset = 0; offset < chunk.length;) {
        const written = writeSync(this.fd, chunk, offset);
        if (written <= 0) throw Object.assign(new Error('write wrote nothing'), { code: 'EIO' });
        offset += written;
      }
    } catch (error) {
      this.fail(error);
    }
  }

  close(): void {
    if (this.fd === null) return;
    this.flush();
    const fd = this.fd;
    this.fd = null;
    try {
      if (!this.fault) fsyncSync(fd);
    } catch (error) {
      this.fail(error);
    }
    try {
      closeSync(fd);
    } catch (error) {
      this.fail(error);
    }
  }

  /** A write that belongs with this file failed elsewhere (its overflow file): the same fault, reported once. */
  reportFault(error: unknown): void {
    this.fail(error);
  }

  private fail(error: unknown): void {
    this.pending = [];
    this.pendingSize = 0;
    if (this.fault) return;
    this.fault = storeFault(this.path, error);
    this.onFault?.(this.fault);
  }
}

/** The queued lines as one buffer: runs of text lines encoded at once, blocks of bytes as they are. */
function joinPending(pending: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [];
  let text: string[] = [];
  for (const item of pending) {
    if (typeof item === 'string') {
      text.push(item);
      continue;
    }
    if (text.length > 0) parts.push(Buffer.from(`${text.join('\n')}\n`));
    text = [];
    parts.push(item);
  }
  if (text.length > 0) parts.push(Buffer.from(`${text.join('\n')}\n`));
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

function countLines(path: string): number {
  const data = readFileSync(path);
  let count = 0;
  for (let i = data.indexOf(0x0a); i !== -1; i = data.indexOf(0x0a, i + 1)) count += 1;
  return count;
}
