/**
 * Longest stdout line kept in memory, in UTF-16 code units (16 MiB of string). Claude's tool results carry
 * whole files, so a few MB per line is normal; a line beyond this is a runaway, and its rest goes to disk.
 */
export const DEFAULT_MAX_LINE_CHARS = 8 * 1024 * 1024;

export interface CappedLine {
  /** At most `max` code units; what the parser reads. */
  line: string;
  /** What was cut off, for the caller to keep on disk; null when the line fit. */
  overflow: string | null;
}

/**
 * Cuts a line to at most `max` UTF-16 code units without splitting a surrogate pair, so the kept head
 * stays valid text (an emoji at the cut moves whole into the overflow). head + overflow is always the
 * original line.
 */
export function capLine(line: string, max: number): CappedLine {
  const limit = Math.max(0, Math.floor(max));
  if (line.length <= limit) return { line, overflow: null };
  let cut = limit;
  if (cut > 0 && isHighSurrogate(line.charCodeAt(cut - 1)) && isLowSurrogate(line.charCodeAt(cut))) cut--;
  return { line: line.slice(0, cut), overflow: line.slice(cut) };
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * Context on each side of a cut, in code units: longer than any secret the redactor masks (a PEM private
 * key block is at most about 33k), so a secret crossing a cut is always seen whole in the check.
 */
export const REDACT_WINDOW = 64 * 1024;

/**
 * Redacts text that arrives in pieces and is too long to hold whole (the overflow of a cut line), one
 * block at a time. Redacting pieces as they come would let a key split between two pieces through, so a
 * cut between blocks is placed only where nothing masked crosses it: redacting the window around the cut
 * whole gives the same text as redacting its two sides apart. When no such place is near, the cut waits
 * for more text (the planned place moves on past the secret); only a key-like run longer than the window
 * is cut anyway, at `block + 4 × window` held, so memory stays bounded.
 *
 * `lead` is the text just before the stream (the line's kept head, already cut off by the splitter): the
 * head/overflow boundary is checked the same way, and when a secret crosses it the boundary moves back
 * into the lead; `pulled` then says how many of the lead's last chars now begin the stream instead (the
 * caller drops them from the head). The first output comes with those chars.
 */
export class StreamRedactor {
  private buf: string;
  private readonly leadLen: number;
  private started = false;
  pulled = 0;

  constructor(
    private readonly redact: (text: string) => string,
    lead = '',
    private readonly window = REDACT_WINDOW,
    private readonly block = 16 * REDACT_WINDOW,
  ) {
    this.leadLen = Math.min(lead.length, window);
    this.buf = lead.slice(lead.length - this.leadLen);
  }

  /** Adds a piece; returns the redacted text that is final now (often empty while a block fills). */
  push(text: string): string {
    this.buf += text;
    if (!this.started) {
      if (this.buf.length - this.leadLen < this.window) return '';
      this.begin();
    }
    if (this.buf.length < this.block + this.window) return '';
    const planned = this.buf.length - this.window;
    const cut = this.safeCut(planned, 1);
    if (cut !== null) return this.take(cut);
    return this.buf.length < this.block + 4 * this.window ? '' : this.take(pairSafe(this.buf, planned));
  }

  /** The stream ended: everything still held, redacted. */
  end(): string {
    if (!this.started) this.begin();
    return this.take(this.buf.length);
  }

  private begin(): void {
    // No clean place within the lead's window: keep the splitter's cut (the head cannot grow back).
    const cut = this.leadLen > 0 ? (this.safeCut(this.leadLen, 0) ?? this.leadLen) : 0;
    this.pulled = this.leadLen - cut;
    this.buf = this.buf.slice(cut);
    this.started = true;
  }

  private take(cut: number): string {
    const out = cut > 0 ? this.redact(this.buf.slice(0, cut)) : '';
    this.buf = this.buf.slice(cut);
    return out;
  }

  /** `at`, or an earlier position (not below `min`) that no masked text crosses; null if none is near. */
  private safeCut(at: number, min: number): number | null {
    for (const candidate of this.candidates(at, min)) {
      const pos = pairSafe(this.buf, candidate);
      if (pos >= min && this.crossesNothing(pos)) return pos;
    }
    return null;
  }

  /**
   * Where to try a cut: the planned place, then just after the nearest characters no key is made of (a
   * space, a quote: secrets packed tightly leave only those), then ever further back.
   */
  private *candidates(at: number, min: number): Generator<number> {
    yield at;
    const floor = Math.max(min, at - this.window);
    let tried = 0;
    for (let pos = at - 1; pos > floor && tried < 16; pos--) {
      if (isTokenChar(this.buf.charCodeAt(pos - 1))) continue;
      tried++;
      yield pos;
    }
    for (let back = 8; back < this.window && at - back >= min; back *= 2) yield at - back;
  }

  private crossesNothing(pos: number): boolean {
    const before = this.buf.slice(Math.max(0, pos - this.window), pos);
    const after = this.buf.slice(pos, pos + this.window);
    return this.redact(before + after) === this.redact(before) + this.redact(after);
  }
}

/** Letters, digits and the punctuation keys and tokens are made of (base64, base64url, JWT, sk-…). */
const isTokenChar = (code: number): boolean =>
  (code >= 0x30 && code <= 0x39) ||
  (code >= 0x41 && code <= 0x5a) ||
  (code >= 0x61 && code <= 0x7a) ||
  code === 0x2b || // +
  code === 0x2d || // -
  code === 0x2e || // .
  code === 0x2f || // /
  code === 0x3d || // =
  code === 0x5f || // _
  code === 0x7e; // ~

/** A cut position moved back by one if it would split a surrogate pair. */
const pairSafe = (text: string, pos: number): number =>
  pos > 0 && isHighSurrogate(text.charCodeAt(pos - 1)) && isLowSurrogate(text.charCodeAt(pos))
    ? pos - 1
    : pos;
