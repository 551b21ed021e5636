/**
 * Only the tail of a very long answer is searched: the object the prompts ask for ends the final message.
 */
const MAX_SCANNED_CHARS = 256 * 1024;

/**
 * Characters handed to JSON.parse across all candidates of one text. Candidates nest, so a text of many
 * nested (or nearly valid) objects could otherwise cost its length times its depth; a real answer needs a
 * small fraction of this. Past it the text is given up on: null, which reads as "no valid answer".
 */
const MAX_PARSED_CHARS = 4_000_000;

const OPEN = '{'.charCodeAt(0);
const CLOSE = '}'.charCodeAt(0);
const QUOTE = '"'.charCodeAt(0);
const BACKSLASH = '\\'.charCodeAt(0);
/** What JSON.parse skips between tokens. */
const JSON_SPACE = new Set([' ', '\t', '\n', '\r'].map((c) => c.charCodeAt(0)));

/**
 * The last JSON object in a model's final message that has `requiredKey` at its top level, or null.
 * Models put it in a ```json fence, a bare ``` fence, or straight into prose; scanning balanced braces
 * finds it in all three, because a fence's content is itself text between braces. Objects nested inside a
 * matching object are not candidates (a finding inside a verdict is part of that verdict). Never throws.
 */
export function extractJsonObject(text: string, requiredKey: string): unknown | null {
  const source = text.length > MAX_SCANNED_CHARS ? text.slice(-MAX_SCANNED_CHARS) : text;
  const closing = closingBraces(source);
  let budget = MAX_PARSED_CHARS;
  let found: unknown | null = null;
  let index = source.indexOf('{');
  while (index !== -1) {
    const end = closing(index);
    let value: Record<string, unknown> | undefined;
    if (end !== -1 && mayBeObject(source, index)) {
      budget -= end + 1 - index;
      if (budget < 0) return null;
      value = parseObject(source.slice(index, end + 1));
    }
    if (value !== undefined && Object.hasOwn(value, requiredKey)) {
      found = value;
      index = source.indexOf('{', end + 1);
    } else {
      // Not a match as a whole: an object with the key may still sit inside it, or start within prose braces.
      index = source.indexOf('{', index + 1);
    }
  }
  return found;
}

/**
 * For every `{` of `text`, the index of the brace that closes it when the text is read from that brace on,
 * skipping braces inside JSON strings; -1 if none. Each brace is read with its own view of which quotes open
 * strings (prose before an object may hold a stray quote), yet all of them are found in one backward pass:
 * from a given position the reading depends only on whether it starts inside a string. `out[p]` (`str[p]`) is
 * the index where, read from p outside (inside) a string, the braces first close one more than they open.
 */
function closingBraces(text: string): (open: number) => number {
  const n = text.length;
  const out = new Int32Array(n + 2).fill(-1);
  const str = new Int32Array(n + 2).fill(-1);
  for (let p = n - 1; p >= 0; p--) {
    const ch = text.charCodeAt(p);
    if (ch === BACKSLASH) str[p] = str[p + 2]!;
    else if (ch === QUOTE) str[p] = out[p + 1]!;
    else str[p] = str[p + 1]!;
    if (ch === CLOSE) {
      out[p] = p;
    } else if (ch === OPEN) {
      const end = out[p + 1]!;
      out[p] = end === -1 ? -1 : out[end + 1]!;
    } else if (ch === QUOTE) {
      out[p] = str[p + 1]!;
    } else {
      out[p] = out[p + 1]!;
    }
  }
  return (open) => out[open + 1]!;
}

/** A JSON object's first token after `{` is a key or `}`: most prose braces fail here without a parse. */
function mayBeObject(text: string, open: number): boolean {
  let i = open + 1;
  while (JSON_SPACE.has(text.charCodeAt(i))) i++;
  const next = text.charCodeAt(i);
  return next === QUOTE || next === CLOSE;
}

function parseObject(candidate: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(candidate);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
