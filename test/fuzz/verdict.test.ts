import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVerdict } from '../../src-main/review/verdict';
import { braceFreeProse, containsJsonObject, prose, surround } from './text-arbitraries';
import { fuzzScale, fuzzUntil } from './settings';

const summary = fc.string({ maxLength: 60 });
const finding = fc.record({
  severity: fc.constantFrom('critical', 'high', 'medium', 'low'),
  message: fc.string({ maxLength: 30 }),
});
const approve = fc.record({ summary, findings: fc.array(finding, { maxLength: 2 }) }).map((body) => ({
  verdict: 'approve',
  ...body,
}));
const notApprove = fc
  .record({
    verdict: fc.constantFrom('concern', 'blocker'),
    summary,
    findings: fc.array(finding, { maxLength: 2 }),
  })
  .map((v) => v);

/** Ways to almost say approve: each must not count as one. */
const brokenApprove: fc.Arbitrary<string> = fc.oneof(
  // Cut before its closing brace.
  fc.tuple(approve, fc.nat()).map(([v, at]) => {
    const json = JSON.stringify(v);
    return json.slice(0, at % (json.length - 1));
  }),
  // Not JSON: single quotes, bare keys, trailing commas, comments.
  approve.map((v) => JSON.stringify(v).replaceAll('"', "'")),
  approve.map((v) => JSON.stringify(v).replace(/"(\w+)":/g, '$1:')),
  approve.map((v) => JSON.stringify(v).replace(/}$/, ',}')),
  approve.map((v) => JSON.stringify(v).replace('{', '{ // verdict\n')),
  // Escaped inside prose or inside another JSON string.
  approve.map((v) => JSON.stringify(JSON.stringify(v))),
  approve.map((v) => JSON.stringify(v).replaceAll('"', '\\"')),
  // Required parts missing or of the wrong kind.
  summary.map((s) => JSON.stringify({ verdict: 'approve', findings: [], note: s })),
  summary.map((s) => JSON.stringify({ verdict: 'approve', summary: 42, note: s })),
  approve.map((v) => JSON.stringify({ ...v, findings: 'none' })),
  approve.map((v) => JSON.stringify({ ...v, findings: [{ severity: 'minor', message: 'x' }] })),
  // Not the verdict value or not the verdict key.
  fc
    .tuple(
      approve,
      fc.constantFrom('approved', 'approves', 'APPROVE!', 'lgtm', 'yes', 'approve|concern|blocker', ''),
    )
    .map(([v, verdict]) => JSON.stringify({ ...v, verdict })),
  fc
    .tuple(approve, fc.constantFrom(true, 1, null, ['approve'], { value: 'approve' }))
    .map(([v, verdict]) => JSON.stringify({ ...v, verdict })),
  fc
    .tuple(approve, fc.constantFrom('decision', 'status', 'result', 'Verdict', 'verdict ', 'approval'))
    .map(([{ verdict, ...rest }, key]) => JSON.stringify({ ...rest, [key]: verdict })),
  // Approve said first, then overridden by a later verdict or a later duplicate key.
  fc.tuple(approve, notApprove).map(([a, b]) => `${JSON.stringify(a)}\nOn reflection:\n${JSON.stringify(b)}`),
  fc
    .tuple(approve, notApprove)
    .map(([a, b]) => JSON.stringify(a).replace(/}$/, `,"verdict":"${b.verdict}"}`)),
  // Prose only.
  fc.constantFrom(
    'I approve of this change.',
    'Verdict: approve',
    'verdict = "approve"',
    '"verdict": "approve", "summary": "ok"',
    '**APPROVE** — looks good to me',
    'Reply with {"verdict":"approve|concern|blocker","summary":"…"}',
    '```json\n{"verdict": "approve"\n```',
  ),
);

describe('parseVerdict under fuzzing', () => {
  it('never reads a non-verdict as approve, and never throws', () => {
    let texts = 0;
    const quota = 20_000 * fuzzScale();
    fuzzUntil(
      fc.property(surround(brokenApprove), (text) => {
        texts += 1;
        const verdict = parseVerdict(text);
        if (verdict?.verdict === 'approve') throw new Error(`read as approve: ${text.slice(0, 300)}`);
      }),
      () => texts >= quota,
    );
    expect(texts).toBeGreaterThanOrEqual(quota);
  });

  it('approves only when the text holds an approving JSON object', () => {
    let texts = 0;
    const anything = fc.oneof(
      prose,
      surround(
        fc.oneof(
          brokenApprove,
          approve.map((v) => JSON.stringify(v)),
        ),
      ),
    );
    fuzzUntil(
      fc.property(anything, (text) => {
        texts += 1;
        const verdict = parseVerdict(text);
        if (verdict?.verdict !== 'approve') return;
        const holds = containsJsonObject(
          text,
          (v) => typeof v.verdict === 'string' && v.verdict.trim().toLowerCase() === 'approve',
        );
        if (!holds) throw new Error(`approve without an approving object: ${text.slice(0, 300)}`);
      }),
      () => texts >= 5_000 * fuzzScale(),
    );
    expect(texts).toBeGreaterThanOrEqual(5_000);
  });

  it('still finds a real verdict among the noise (the properties above are not vacuous)', () => {
    fc.assert(
      fc.property(braceFreeProse, fc.oneof(approve, notApprove), braceFreeProse, (before, value, after) => {
        expect(parseVerdict(`${before}\n${JSON.stringify(value)}\n${after}`)?.verdict).toBe(value.verdict);
      }),
      { numRuns: 500 },
    );
  });

  it('survives huge and brace-heavy texts', () => {
    const texts = [
      'approve '.repeat(1_000_000),
      '{'.repeat(3_000),
      '}'.repeat(1_000_000),
      `${'"'.repeat(100_000)}{"verdict":"approve","summary":"x"}`,
      `${'x'.repeat(5_000_000)}{"verdict":"concern","summary":"late"}`,
    ];
    for (const text of texts) expect(() => parseVerdict(text)).not.toThrow();
    expect(parseVerdict(texts[4] as string)?.verdict).toBe('concern');
  });
});
