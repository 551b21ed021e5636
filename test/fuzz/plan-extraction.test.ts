import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlanAnswer } from '../../src-main/coordinator/planner/check-plan';
import { extractJsonObject } from '../../src-main/review/extract-json';
import { fuzzScale, fuzzUntil } from './settings';
import { braceFreeProse, containsJsonObject, prose, surround } from './text-arbitraries';

const AGENTS = ['claude', 'codex', 'gemini'];

const assignment = fc.record({
  agent: fc.constantFrom(...AGENTS),
  title: fc.string({ minLength: 1, maxLength: 20 }),
  instructions: fc.string({ minLength: 1, maxLength: 40 }),
  scope: fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 }),
});
const plan = fc.array(assignment, { minLength: 1, maxLength: 4 }).map((assignments) => ({ assignments }));

/** Ways to almost give a plan: none holds an object with a top-level "assignments". */
const brokenPlan: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(plan, fc.nat()).map(([p, at]) => {
    const json = JSON.stringify(p);
    return json.slice(0, at % (json.length - 1));
  }),
  plan.map((p) => JSON.stringify(p).replaceAll('"', "'")),
  plan.map((p) => JSON.stringify(p).replace(/"(\w+)":/g, '$1:')),
  plan.map((p) => JSON.stringify(p).replace(/}$/, ',}')),
  plan.map((p) => JSON.stringify(JSON.stringify(p))),
  fc
    .tuple(plan, fc.constantFrom('tasks', 'Assignments', 'assignment', 'plan', 'assignments '))
    .map(([p, key]) => JSON.stringify({ [key]: p.assignments })),
  plan.map((p) => JSON.stringify(p.assignments)),
  fc.constantFrom(
    'Here are the assignments: claude does the API, codex the tests.',
    '"assignments": [{"agent": "claude"}]',
    'assignments = [claude, codex, gemini]',
    '```json\n{"assignments": [\n```',
  ),
);

describe('plan extraction under fuzzing', () => {
  it('never finds a plan where there is none, and never throws', () => {
    let texts = 0;
    const quota = 15_000 * fuzzScale();
    fuzzUntil(
      fc.property(surround(brokenPlan), (text) => {
        texts += 1;
        const found = extractJsonObject(text, 'assignments');
        if (found !== null) throw new Error(`found a plan in: ${text.slice(0, 300)}`);
        const check = checkPlanAnswer(text, AGENTS);
        if (check.ok) throw new Error(`accepted a plan in: ${text.slice(0, 300)}`);
      }),
      () => texts >= quota,
    );
    expect(texts).toBeGreaterThanOrEqual(quota);
  });

  it('returns only objects that are in the text, with the key at their top level', () => {
    let texts = 0;
    const anything = fc.oneof(
      prose,
      surround(
        fc.oneof(
          brokenPlan,
          plan.map((p) => JSON.stringify(p)),
        ),
      ),
    );
    fuzzUntil(
      fc.property(anything, (text) => {
        texts += 1;
        const found = extractJsonObject(text, 'assignments');
        if (found === null) return;
        if (typeof found !== 'object' || !Object.hasOwn(found, 'assignments')) {
          throw new Error(`returned ${JSON.stringify(found).slice(0, 200)}`);
        }
        const same = JSON.stringify(found);
        if (!containsJsonObject(text, (value) => JSON.stringify(value) === same)) {
          throw new Error(`made up ${same.slice(0, 200)} from ${text.slice(0, 300)}`);
        }
      }),
      () => texts >= 5_000 * fuzzScale(),
    );
    expect(texts).toBeGreaterThanOrEqual(5_000);
  });

  it('still finds a real plan among the noise (the properties above are not vacuous)', () => {
    fc.assert(
      fc.property(braceFreeProse, plan, braceFreeProse, (before, value, after) => {
        expect(extractJsonObject(`${before}\n${JSON.stringify(value)}\n${after}`, 'assignments')).toEqual(
          value,
        );
      }),
      { numRuns: 500 },
    );
  });
});
