import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

/**
 * An append-only file written with whole lines per write(2) on an O_APPEND descriptor: a crash can leave
 * at most one torn last line, which readers skip. Lines written in the same tick are joined into one write,
 * so a burst of events costs one syscall, not one per line.
 */
export class AppendFile {
  private fd: number | null;
  private pending: string[] = [];
  private scheduled = false;

  constructor(
    readonly path: string,
    mode = 0o600,
  ) {
    this.fd = openSync(path, 'a', mode);
  }

  /** Queue one line (without newline); it reaches the file before the next macrotask. */
  appendLine(line: string): void {
    if (this.fd === null) throw new Error(`${this.path} is closed`);
    this.pending.push(line);
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
