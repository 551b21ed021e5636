import fc from 'fast-check';

const WORDS = [
  'approve',
  'Approve',
  'APPROVED',
  'verdict',
  'summary',
  'findings',
  'assignments',
  'agent',
  'LGTM',
  'concern',
  'blocker',
  'json',
  '```',
  '```json',
  ':',
  '"',
  ',',
  '\n',
  '{',
  '}',
  '[',
  ']',
  '\\',
];

/** Model-like prose: lorem ipsum, random text, and the words and punctuation the extractors look for. */
export const prose: fc.Arbitrary<string> = fc.oneof(
  fc.lorem({ maxCount: 30, mode: 'sentences' }),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc
    .array(fc.oneof(fc.constantFrom(...WORDS), fc.lorem({ maxCount: 1 })), { maxLength: 60 })
    .map((w) => w.join(' ')),
);

/** Prose that cannot close or open an object around what it surrounds. */
export const braceFreeProse: fc.Arbitrary<string> = prose.map((text) => text.replace(/[{}]/g, ''));

/** `inner` placed in a final message: bare, in a ```json or ``` fence, between prose. */
export function surround(inner: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      braceFreeProse,
      fc.constantFrom(['', ''], ['```json\n', '\n```'], ['```\n', '\n```'], ['`', '`']),
      inner,
      braceFreeProse,
    )
    .map(([before, [open, close], text, after]) => `${before}\n${open}${text}${close}\n${after}`);
}

/**
 * Whether some substring of `text` is a JSON object satisfying `accept`: the oracle for "the extractor found
 * it in the text and did not make it up". Quadratic, so only for the rare texts an extractor accepted.
 */
export function containsJsonObject(
  text: string,
  accept: (value: Record<string, unknown>) => boolean,
): boolean {
  const opens: number[] = [];
  const closes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') opens.push(i);
    else if (text[i] === '}') closes.push(i);
  }
  for (const start of opens) {
    for (const end of closes) {
      if (end <= start) continue;
      try {
        const value: unknown = JSON.parse(text.slice(start, end + 1));
        if (
          value !== null &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          accept(value as Record<string, unknown>)
        ) {
          return true;
        }
      } catch {
        // Not an object here; keep looking.
      }
    }
  }
  return false;
}
