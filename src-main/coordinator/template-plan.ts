import type { TaskAssignment, TaskBreakdown } from '../../src-shared/models';

/** What each built-in agent is asked to do when no planner agent splits the task. */
const ROLES: Record<string, { title: string; instructions: (task: string) => string }> = {
  claude: {
    title: 'Implement the change',
    instructions: (task) =>
      `Implement the core of the task: "${task}". Make the smallest complete change that does it well, in the existing style of the repository.`,
  },
  codex: {
    title: 'Tests and verification',
    instructions: (task) =>
      `Add or update tests and checks that prove the task is done: "${task}". Run the project's test command and report the results.`,
  },
  gemini: {
    title: 'Documentation and edge cases',
    instructions: (task) =>
      `Document the change for "${task}" (README, docs, changelog as the repository does it) and look for edge cases the implementation must handle.`,
  },
};

const fallbackRole = {
  title: 'Work on the task',
  instructions: (task: string) => `Work on the task: "${task}", coordinating through the protocol below.`,
};

/** The built-in split: one assignment per enabled agent, by role. */
export function templatePlan(task: string, agents: readonly string[]): TaskBreakdown {
  const assignments: TaskAssignment[] = agents.map((agent) => {
    const role = ROLES[agent] ?? fallbackRole;
    return { agent, title: role.title, instructions: role.instructions(task), scope: [] };
  });
  return { task, assignments, source: 'template' };
}
