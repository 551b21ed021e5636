/**
 * Only the tail of a very long answer is searched: the object the prompts ask for ends the final message,
 * and a scan from every brace of a huge text would be quadratic.
 */
const MAX_SCANNED_CHARS = 256 * 1024;

/**
 * The last JSON object in a model's final message that has `requiredKey` at its top level, or null.
 * Models put it in a ```json fence, a bare ``` fence, or straight into prose; scanning balanced braces
 * finds it in all three, because a fence's content is itself text between braces. Objects nested inside a
 * matching object are not candidates (a finding inside a verdict is part of that verdict). Never throws.
 */
export function extractJsonObject(text: string, requiredKey: string): unknown | null {
  const source = text.length > MAX_SCANNED_CHARS ? text.slice(-MAX_SCANNED_CHARS) : text;
  let found: unknown | null = null;
  let index = source.indexOf('{');
  while (index !== -1) {
    const end = matchingBrace(source, index);
    const value = end === -1 ? undefined : parseObject(source.slice(index, end + 1));
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

/** The index of the brace that closes the one at `start`, skipping braces inside JSON strings; -1 if none. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else if (ch === '{') {
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
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
