import { StringDecoder } from 'node:string_decoder';

/** How a line that outgrew the cap was cut; its line holds only the kept head. */
export interface LineCut {
  /** Length of the kept head, in UTF-16 code units. */
  keptChars: number;
  /** What went to the overflow sink instead: code units and their UTF-8 bytes. */
  overflowChars: number;
  overflowBytes: number;
}

export interface LineCapOptions {
  /** Longest line kept in memory, in UTF-16 code units; the rest of a longer line is streamed away. */
  maxLineChars: number;
  /**
   * Receives the rest of a line once it passed the cap, piece by piece in order, as it arrives. `head` is the
   * kept part of that line (the same string the line callback gets when the line ends), given with the first
   * piece only so the receiver can open a file for it; later pieces come with `head` undefined.
   */
  onOverflow: (text: string, head: string | undefined) => void;
}

/**
 * Turns a byte stream into lines. A multi-byte character split across chunks is kept whole, and a last
 * line without a newline (a CLI killed mid-write) is still delivered at the end, so nothing is lost.
 *
 * With a cap, memory stays bounded however long a line grows: once the unfinished line passes the cap,
 * its head is frozen and everything after it goes to the overflow sink as it arrives, never joined into
 * one string. When that line ends, the callback gets the head alone in its batch, with the cut.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  /** A CR at the end of what arrived so far: dropped if a newline follows, else part of the line. */
  private heldCr = false;
  private cut: LineCut | null = null;
  /**
   * The bytes the unfinished line arrived in, while they are exactly its text (no CR dropped, not cut):
   * a batch of whole lines can then be stored as the bytes that came, without encoding its text again.
   */
  private restBytes: Buffer[] | null = [];

  constructor(
    /** `bytes`, when given: the lines exactly as they arrived, each with its newline, in order. */
    private readonly onLines: (lines: string[], cut?: LineCut, bytes?: Buffer[]) => void,
    private readonly cap?: LineCapOptions,
  ) {}

  write(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? null : chunk;
    const decoded = bytes ? this.decoder.write(bytes) : (chunk as string);
    // A CR is dropped before a newline, so text with one is not its bytes: it takes the text path.
    const plain = bytes !== null && this.restBytes !== null && !this.heldCr && bytes.indexOf(13) === -1;
    // A long line arriving in many chunks is only appended to, never re-split: splitting the whole
    // unfinished line on every chunk would cost quadratic time on a megabyte tool result.
    if (!decoded.includes('\n')) {
      if (decoded.length > 0) this.append(decoded);
      if (plain && !this.cut) this.restBytes!.push(bytes);
      else this.restBytes = null;
      return;
    }
    const parts = decoded.split('\n');
    const last = parts.pop() ?? '';
    const lastNewline = bytes ? bytes.lastIndexOf(10) : -1;
    let whole: Buffer[] | undefined =
      plain && !this.cut && !this.anyOverflow(parts)
        ? [...this.restBytes!, bytes.subarray(0, lastNewline + 1)]
        : undefined;
    let batch: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      // Each part ends a line here, so its trailing CR (CRLF) goes, held one included.
      const part = stripCr(i === 0 && this.heldCr ? `\r${parts[i]!}` : parts[i]!);
      const pending = i === 0 ? this.rest : '';
      if (i === 0) this.heldCr = false;
      if (!this.cut && !this.wouldOverflow(pending, part)) {
        batch.push(pending + part);
        this.rest = '';
        continue;
      }
      // A line that is (or becomes) cut travels alone with its cut; the lines before it go first.
      whole = undefined;
      if (batch.length > 0) this.onLines(batch);
      batch = [];
      this.append(part, false);
      this.finishLine();
    }
    if (batch.length > 0) this.onLines(batch, undefined, whole);
    this.append(last);
    // The bytes after the last newline start the next line's (unless a CR or a cut makes them differ).
    if (bytes === null) this.restBytes = this.rest === '' && !this.cut && !this.heldCr ? [] : null;
    else
      this.restBytes =
        bytes.indexOf(13) === -1 && !this.heldCr && !this.cut
          ? lastNewline + 1 < bytes.length
            ? [bytes.subarray(lastNewline + 1)]
            : []
          : null;
  }

  /** Some line ending in this write passes the cap (the first one continues the unfinished line). */
  private anyOverflow(parts: string[]): boolean {
    if (this.cap === undefined) return false;
    for (let i = 0; i < parts.length; i++)
      if (this.wouldOverflow(i === 0 ? this.rest : '', parts[i]!)) return true;
    return false;
  }

  end(): void {
    // A last line torn inside a character decodes with U+FFFD: the line is still text for the parser,
    // but its bytes as they came (a newline added, as to every stored line) are what goes on disk.
    const tail = this.restBytes;
    this.append(this.decoder.end());
    // A CR at the very end is stripped like one before a newline (a CRLF torn by the exit); the line it
    // ended is still delivered, even if empty.
    const hadCr = this.heldCr;
    this.heldCr = false;
    if (tail !== null && tail.some((b) => b.length > 0) && !this.cut && !hadCr) {
      const line = this.rest;
      this.rest = '';
      this.restBytes = [];
      this.onLines([line], undefined, [...tail, NEWLINE]);
      return;
    }
    if (this.cut || this.rest.length > 0 || hadCr) this.finishLine();
  }

  private wouldOverflow(pending: string, text: string): boolean {
    return this.cap !== undefined && pending.length + text.length > this.cap.maxLineChars;
  }

  /** Adds text to the unfinished line: kept while it fits, streamed to the sink once past the cap. */
  private append(text: string, holdCr = true): void {
    if (this.heldCr) {
      text = `\r${text}`;
      this.heldCr = false;
    }
    if (holdCr && text.endsWith('\r')) {
      text = text.slice(0, -1);
      this.heldCr = true;
    }
    if (text.length === 0) return;
    if (this.cut) return this.overflow(text, undefined);
    if (!this.wouldOverflow(this.rest, text)) {
      this.rest += text;
      return;
    }
    const max = this.cap!.maxLineChars;
    let keep = max - this.rest.length;
    // Never cut between the halves of a surrogate pair: the head stays valid text, the pair moves whole.
    const before = keep > 0 ? text.charCodeAt(keep - 1) : this.rest.charCodeAt(this.rest.length - 1);
    if (isHighSurrogate(before) && isLowSurrogate(text.charCodeAt(keep))) keep--;
    let head: string;
    let overflow: string;
    if (keep >= 0) {
      head = this.rest + text.slice(0, keep);
      overflow = text.slice(keep);
    } else {
      head = this.rest.slice(0, this.rest.length + keep);
      overflow = this.rest.slice(this.rest.length + keep) + text;
    }
    this.rest = head;
    this.cut = { keptChars: head.length, overflowChars: 0, overflowBytes: 0 };
    this.overflow(overflow, head);
  }

  private overflow(text: string, head: string | undefined): void {
    const cut = this.cut!;
    cut.overflowChars += text.length;
    cut.overflowBytes += Buffer.byteLength(text, 'utf8');
    this.cap!.onOverflow(text, head);
  }

  /** Delivers the unfinished line (its CR already handled) and starts a new one. */
  private finishLine(): void {
    const line = this.rest;
    const cut = this.cut;
    this.rest = '';
    this.cut = null;
    if (cut) this.onLines([line], cut);
    else this.onLines([line]);
  }
}

const NEWLINE = Buffer.from('\n');
const stripCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
