import { StringDecoder } from 'node:string_decoder';

/**
 * Turns a byte stream into lines. A multi-byte character split across chunks is kept whole, and a last
 * line without a newline (a CLI killed mid-write) is still delivered at the end, so nothing is lost.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  constructor(private readonly onLines: (lines: string[]) => void) {}

  write(chunk: Buffer | string): void {
    const decoded = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    // A long line arriving in many chunks is only appended to, never re-split: splitting the whole
    // unfinished line on every chunk would cost quadratic time on a megabyte tool result.
    if (!decoded.includes('\n')) {
      this.rest += decoded;
      return;
    }
    const parts = (this.rest + decoded).split('\n');
    this.rest = parts.pop() ?? '';
    if (parts.length > 0) this.onLines(parts.map(stripCr));
  }

  end(): void {
    const text = this.rest + this.decoder.end();
    this.rest = '';
    if (text.length > 0) this.onLines([stripCr(text)]);
  }
}

const stripCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);
