import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { GrowableList } from './growable-list';

/** Lines between two remembered offsets: reading any line starts at most this many lines before it. */
export const LINE_STEP = 64;
/** Bytes read per step while indexing; between steps the event loop runs. */
const SCAN_CHUNK = 4 << 20;
/** First read of a page; a page of long lines reads on in steps of this size. */
const PAGE_CHUNK = 64 * 1024;

/** A file may pass 4 GB, so its offsets need more than 32 bits. */
export const offsetList = (): GrowableList => new GrowableList(Float64Array, 256);

const identityOf = (stats: Stats): string => `${stats.dev}:${stats.ino}`;

/** A line as shown: without its line ending, CRLF or LF. */
export const decodeLine = (buffer: Buffer, start: number, end: number): string =>
  buffer.toString('utf8', start, end > start && buffer[end - 1] === 0x0d ? end - 1 : end);

/**
 * Where each line of an append-only text file starts, so any page of a million-line log is read without
 * reading the lines before it. It remembers the offset of every LINE_STEP-th line and grows with the file:
 * each update scans only the bytes appended since the last one. A last line without its newline (still
 * being written, or torn by a crash) counts as a line; it is read again when the file grows. A file that
 * shrank below what was indexed or was replaced is indexed anew.
 */
export class LineIndex {
  /** Start offset of lines 0, LINE_STEP, 2·LINE_STEP… */
  private starts = offsetList();
  /** Lines ended by a newline. */
  private complete = 0;
  /** Where the unfinished last line starts: just after the last newline seen. */
  private end = 0;
  /** Bytes already searched for newlines (end <= scanned <= size). */
  private scanned = 0;
  /** The file's size when it was last looked at. */
  private size = 0;
  private identity: string | null = null;
  /** Changes whenever the index starts over, so what was derived from it can tell it is stale. */
  generation = 0;

  constructor(readonly path: string) {
    this.starts.push(0);
  }

  /** Lines in the file, a final unfinished one included. */
  get lineCount(): number {
    return this.complete + (this.size > this.end ? 1 : 0);
  }

  /** Lines that end with a newline; they no longer change. */
  get completeLines(): number {
    return this.complete;
  }

  /** Byte offset just after the last complete line. */
  get completeBytes(): number {
    return this.end;
  }

  get bytes(): number {
    return this.size;
  }

  /** The nearest remembered line start at or before byte `offset`: [line, offset]. */
  lineStartBefore(offset: number): [number, number] {
    const k = Math.max(0, this.starts.floor(offset));
    return [k * LINE_STEP, this.starts.at(k)];
  }

  /** Brings the index up to the end of the file, in steps that leave the event loop free in between. */
  async update(): Promise<void> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.reset(null, 0);
      throw error;
    }
    try {
      const stats = await handle.stat();
      this.begin(stats);
      const buffer = Buffer.allocUnsafe(SCAN_CHUNK);
      while (this.scanned < this.size) {
        const at = this.scanned;
        const { bytesRead } = await handle.read(buffer, 0, Math.min(SCAN_CHUNK, this.size - at), at);
        if (bytesRead === 0) break;
        // Another update may have gone over these bytes while this one waited for them.
        if (this.scanned === at) this.consume(buffer, bytesRead, at);
      }
    } finally {
      await handle.close();
    }
  }

  /** The same as update, blocking: for callers that cannot wait (reading back a range of events). */
  updateSync(): void {
    let fd;
    try {
      fd = openSync(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.reset(null, 0);
      throw error;
    }
    try {
      this.begin(fstatSync(fd));
      const buffer = Buffer.allocUnsafe(SCAN_CHUNK);
      while (this.scanned < this.size) {
        const bytesRead = readSync(
          fd,
          buffer,
          0,
          Math.min(SCAN_CHUNK, this.size - this.scanned),
          this.scanned,
        );
        if (bytesRead === 0) break;
        this.consume(buffer, bytesRead, this.scanned);
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Lines [first, first + count) (0-based), as text without line endings; fewer at the end of the file. */
  async read(first: number, count: number): Promise<string[]> {
    const { walker, lines } = this.page(first, count);
    if (walker.done) return lines;
    const handle = await open(this.path, 'r');
    try {
      await walker.run(handle);
      return lines;
    } finally {
      await handle.close();
    }
  }

  private page(first: number, count: number): { walker: LineWalker; lines: string[] } {
    const last = Math.min(this.lineCount, first + count);
    const k = Math.floor(Math.max(0, first) / LINE_STEP);
    let line = k * LINE_STEP;
    const lines: string[] = [];
    const walker = new LineWalker(
      first < last ? this.starts.at(k) : this.size,
      this.size,
      (buffer, start, end) => {
        if (line >= first) lines.push(decodeLine(buffer, start, end));
        line += 1;
        return line < last;
      },
    );
    return { walker, lines };
  }

  private begin(stats: Stats): void {
    const identity = identityOf(stats);
    if (identity !== this.identity || stats.size < this.end) this.reset(identity, stats.size);
    else this.size = stats.size;
    // A shorter file that kept its complete lines (a torn tail cut off): rescan only the tail.
    if (this.scanned > this.size) this.scanned = this.end;
  }

  private reset(identity: string | null, size: number): void {
    if (this.identity !== null || this.complete > 0) this.generation += 1;
    this.identity = identity;
    this.starts = offsetList();
    this.starts.push(0);
    this.complete = 0;
    this.end = 0;
    this.scanned = 0;
    this.size = size;
  }

  private consume(chunk: Buffer, length: number, at: number): void {
    const buffer = chunk.subarray(0, length);
    for (let nl = buffer.indexOf(0x0a, 0); nl !== -1; nl = buffer.indexOf(0x0a, nl + 1)) {
      this.complete += 1;
      this.end = at + nl + 1;
      if (this.complete % LINE_STEP === 0) this.starts.push(this.end);
    }
    this.scanned = at + length;
  }
}

/**
 * Walks the lines of a file forward from a line start, one buffer at a time: the caller reads `wanted`
 * bytes at `at` into `buffer` and feeds the count; each whole line goes to `visit` (buffer, start, end,
 * file offset of start) until it returns false. Bytes after the last newline before `limit` count as a
 * last line.
 */
export class LineWalker {
  buffer = Buffer.allocUnsafe(PAGE_CHUNK);
  done: boolean;

  constructor(
    public at: number,
    private readonly limit: number,
    private readonly visit: (buffer: Buffer, start: number, end: number, offset: number) => boolean,
  ) {
    this.done = at >= limit;
  }

  get wanted(): number {
    return Math.min(this.buffer.length, this.limit - this.at);
  }

  feed(bytesRead: number): void {
    if (bytesRead === 0) {
      this.done = true;
      return;
    }
    const buffer = this.buffer.subarray(0, bytesRead);
    let start = 0;
    for (let nl = buffer.indexOf(0x0a, 0); nl !== -1; nl = buffer.indexOf(0x0a, start)) {
      const goOn = this.visit(buffer, start, nl, this.at + start);
      start = nl + 1;
      if (!goOn) {
        this.done = true;
        return;
      }
    }
    if (this.at + bytesRead >= this.limit) {
      if (start < bytesRead) this.visit(buffer, start, bytesRead, this.at + start);
      this.done = true;
      return;
    }
    // A line longer than the buffer: read it again whole with a bigger one.
    if (start === 0) this.buffer = Buffer.allocUnsafe(this.buffer.length * 2);
    this.at += start;
  }

  async run(handle: FileHandle): Promise<void> {
    while (!this.done) this.feed((await handle.read(this.buffer, 0, this.wanted, this.at)).bytesRead);
  }

  runSync(fd: number): void {
    while (!this.done) this.feed(readSync(fd, this.buffer, 0, this.wanted, this.at));
  }
}
