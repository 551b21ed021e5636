import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { cutTornTail } from './torn-tail';

/**
 * An append-only file written with whole lines per write(2) on an O_APPEND descriptor: a crash can leave
 * at most one torn last line, which readers skip. Lines written in the same tick are joined into one write,
 * so a burst of events costs one syscall, not one per line.
 */
export class AppendFile {
  private fd: number | null;
  private pending: string[] = [];
  private scheduled = false;
  /** Whole lines in the file, including those queued: the next line's 1-based number minus one. */
  lineCount = 0;

  constructor(
    readonly path: string,
    mode = 0o600,
  ) {
    // Reopening a log after a crash: drop a torn last line first so the next line stays whole.
    if (existsSync(path)) {
      cutTornTail(path);
      this.lineCount = countLines(path);
    }
    this.fd = openSync(path, 'a', mode);
  }

  /** Queue one line (without newline); it reaches the file before the next macrotask. */
  appendLine(line: string): void {
    if (this.fd === null) throw new Error(`${this.path} is closed`);
    this.pending.push(line);
    this.lineCount += 1;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Write everything queued now. */
  flush(): void {
    this.scheduled = false;
    if (this.fd === null || this.pending.length === 0) return;
    const chunk = `${this.pending.join('\n')}\n`;
    this.pending = [];
    writeSync(this.fd, chunk);
  }

  close(): void {
    if (this.fd === null) return;
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
  }
}

function countLines(path: string): number {
  const data = readFileSync(path);
  let count = 0;
  for (let i = data.indexOf(0x0a); i !== -1; i = data.indexOf(0x0a, i + 1)) count += 1;
  return count;
}
