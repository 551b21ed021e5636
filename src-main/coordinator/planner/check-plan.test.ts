import { describe, expect, it } from 'vitest';
import { checkPlanAnswer } from './check-plan';

const AGENTS = ['claude', 'codex', 'gemini'];
const assignment = (agent: string, extra: Record<string, unknown> = {}) => ({
  agent,
  title: `${agent} part`,
  instructions: `do the ${agent} part`,
  scope: [],
  ...extra,
});
const answer = (assignments: unknown[]) =>
  `Here you go:\n\`\`\`json\n${JSON.stringify({ assignments })}\n\`\`\``;

describe('checkPlanAnswer', () => {
  it('accepts exactly the enabled agents and returns them in their order', () => {
    const check = checkPlanAnswer(
      answer([assignment('gemini'), assignment('claude'), assignment('codex')]),
      AGENTS,
    );
    expect(check.ok && check.assignments.map((a) => a.agent)).toEqual(AGENTS);
  });

  it('fills in a missing scope and reads a bare object after prose', () => {
    const text = `Plan: {"assignments":[{"agent":"codex","title":"t","instructions":"i"}]} done`;
    expect(checkPlanAnswer(text, ['codex'])).toEqual({
      ok: true,
      assignments: [{ agent: 'codex', title: 't', instructions: 'i', scope: [] }],
    });
  });

  it('names every agent problem at once', () => {
    const check = checkPlanAnswer(
      answer([assignment('claude'), assignment('claude'), assignment('copilot')]),
      AGENTS,
    );
    expect(check).toEqual({
      ok: false,
      problem:
        'it names "copilot", not an enabled agent (enabled: claude, codex, gemini); ' +
        'it gives claude 2 assignments instead of one; it has no assignment for codex; ' +
        'it has no assignment for gemini',
    });
  });

  it('says where the JSON breaks the schema', () => {
    const check = checkPlanAnswer(answer([assignment('claude', { title: '' })]), ['claude']);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problem).toMatch(/^the plan JSON is invalid \(assignments\.0\.title: /);
    const empty = checkPlanAnswer('{"assignments": []}', ['claude']);
    expect(!empty.ok && empty.problem).toMatch(/the plan JSON is invalid \(assignments: /);
  });

  it('tells no answer from an answer without plan JSON', () => {
    expect(checkPlanAnswer('  \n', AGENTS)).toEqual({ ok: false, problem: 'it gave no answer' });
    expect(checkPlanAnswer('```json\n{"assignments": [,]}\n```', AGENTS)).toEqual({
      ok: false,
      problem: 'its answer held no JSON object with "assignments"',
    });
  });
});
