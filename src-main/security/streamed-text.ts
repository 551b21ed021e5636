import { PrivateKeyLines } from './private-key-lines';
import { maskLine, type Redactor } from './redact';

/**
 * Held fragments of one streamed message past this many characters are let go, so a message streamed without
 * end cannot grow memory. A key split exactly at that point would pass; 1M characters is far beyond any
 * assistant message seen, and the message events are masked whole by the parser's side anyway.
 */
const MAX_HELD_CHARS = 1_000_000;

type Json = Record<string, unknown>;

/**
 * The text of a line that carries one fragment of a streamed message (gemini's
 * `{"type":"message","role":"assistant","content":"…","delta":true}`), or null for any other line.
 */
function fragmentOf(line: string): { json: Json; text: string } | null {
  // Cheap test first: most lines are not fragments and are not decoded here.
  if (!line.includes('"delta"')) return null;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const fields = json as Json;
  const isFragment =
    fields.type === 'message' &&
    fields.role === 'assistant' &&
    fields.delta === true &&
    typeof fields.content === 'string';
  return isFragment ? { json: fields, text: fields.content as string } : null;
}

/**
 * Masks the raw lines of a CLI that streams a message in fragments, one line each. Masking each line alone
 * would let a key split between two fragments through whole, so fragment lines are held until the message
 * ends (the next line of another kind, or the end of the stream) and masked as the assembled message. When
 * the message held a secret, its masked text is stored in the first fragment's line and the others keep an
 * empty text: joined again, as the parser joins them, they give the masked message. Any other line is masked
 * at once with maskLine, and the body lines of a private key printed as text are masked up to its END line.
 *
 * Lines come out in the order they went in, one for one, so line numbers stay as the CLI wrote them.
 */
export class StreamedTextMasker {
  private held: { line: string; json: Json; text: string }[] = [];
  private heldChars = 0;
  private readonly privateKeys: PrivateKeyLines;

  constructor(private readonly redact: Redactor) {
    this.privateKeys = new PrivateKeyLines(redact);
  }

  /** Lines held back so far: they come out before any line pushed later. */
  get size(): number {
    return this.held.length;
  }

  /** Takes the next raw line; returns the lines now ready to store and parse, masked, in order. */
  push(line: string): string[] {
    const fragment = fragmentOf(line);
    if (fragment === null) {
      const ready = this.release();
      ready.push(this.privateKeys.mask(line));
      return ready;
    }
    this.held.push({ line, ...fragment });
    this.heldChars += fragment.text.length;
    return this.heldChars > MAX_HELD_CHARS ? this.release() : [];
  }

  /** Every held line, masked: the stream ended or a line that cannot be held (a cut one) comes next. */
  release(): string[] {
    if (this.held.length === 0) return [];
    const held = this.held;
    this.held = [];
    this.heldChars = 0;
    const whole = held.map((h) => h.text).join('');
    const masked = this.redact(whole);
    if (masked === whole) return held.map((h) => maskLine(h.line, this.redact));
    return held.map((h, i) =>
      maskLine(JSON.stringify({ ...h.json, content: i === 0 ? masked : '' }), this.redact),
    );
  }
}
