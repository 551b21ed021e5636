import { PlanJson, type TaskAssignment } from '../../../src-shared/models';
import { extractJsonObject } from '../../review/extract-json';

export type PlanCheck = { ok: true; assignments: TaskAssignment[] } | { ok: false; problem: string };

/**
 * Reads the plan out of a planner's answer and holds it to the rules: the plan JSON of ARCHITECTURE §4
 * (zod PlanJson), and exactly the enabled agents, each once, no other. The assignments come back in the
 * order of `agents`, which is the order the session starts its workers in. A failure names every problem
 * found, in words the corrective prompt can repeat to the planner.
 */
export function checkPlanAnswer(text: string, agents: readonly string[]): PlanCheck {
  if (text.trim() === '') return { ok: false, problem: 'it gave no answer' };
  const json = extractJsonObject(text, 'assignments');
  if (json === null) return { ok: false, problem: 'its answer held no JSON object with "assignments"' };
  const parsed = PlanJson.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'the object'}: ${issue.message}`);
    return { ok: false, problem: `the plan JSON is invalid (${issues.join('; ')})` };
  }
  const assignments = parsed.data.assignments;
  const problems: string[] = [];
  const unknown = [...new Set(assignments.map((a) => a.agent).filter((a) => !agents.includes(a)))];
  if (unknown.length > 0) {
    problems.push(
      `it names ${unknown.map((a) => `"${a}"`).join(', ')}, not an enabled agent (enabled: ${agents.join(', ')})`,
    );
  }
  for (const agent of agents) {
    const count = assignments.filter((a) => a.agent === agent).length;
    if (count === 0) problems.push(`it has no assignment for ${agent}`);
    else if (count > 1) problems.push(`it gives ${agent} ${count} assignments instead of one`);
  }
  if (problems.length > 0) return { ok: false, problem: problems.join('; ') };
  return { ok: true, assignments: agents.map((agent) => assignments.find((a) => a.agent === agent)!) };
}
