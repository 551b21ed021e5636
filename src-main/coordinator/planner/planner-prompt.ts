export interface PlannerPromptInput {
  task: string;
  /** The enabled agents, in the order the session runs them: one assignment each. */
  agents: readonly string[];
  /** One line per agent saying what it is good at (see strengthLines). */
  strengths: readonly string[];
  /** The base commit's top levels (see repoLayout). */
  layout: string;
}

/**
 * The planner prompt of ARCHITECTURE §4. It must contain the literal `"assignments"` (the demo agents key on
 * it) and an `Enabled agents: a, b, c` line (they plan for exactly those), and must never contain the
 * review key, or a demo agent would answer it as a review.
 */
export function plannerPrompt(input: PlannerPromptInput): string {
  const names = input.agents.join(', ');
  const example = input.agents[0] ?? 'claude';
  return [
    'You are the planner for a team of AI coding agents that will work on one task in parallel, each in its own git worktree of this repository, starting from the same commit.',
    'Only read: do not create, change or delete any file, and do not run commands that modify anything.',
    '',
    `Task: ${input.task}`,
    '',
    `Enabled agents: ${names}`,
    'What each agent does well:',
    ...input.strengths,
    '',
    'Repository layout at the base commit (top level and one level down):',
    input.layout,
    '',
    'Split the task into exactly one assignment per enabled agent, so they can work in parallel with as little overlap as possible. Give each agent the part that suits it, concrete instructions (what to do and how to tell it is done), and in "scope" the repository paths it should own.',
    '',
    'End your final message with exactly one JSON object, bare or in a ```json fence, and nothing after it:',
    `{"assignments":[{"agent":"${example}","title":"…","instructions":"…","scope":["path/…"]}, …]}`,
    `Rules: one assignment for each of ${names} — each exactly once, and no other agent; every "title" and "instructions" is a non-empty string; "scope" is a list of paths (it may be empty).`,
  ].join('\n');
}

/** The retry: the same request, opened by what was wrong with the first answer. */
export function correctivePrompt(input: PlannerPromptInput, problem: string): string {
  return [
    `Your previous answer could not be used: ${problem.replace(/\s+/g, ' ')}.`,
    'Answer again, following the format below exactly.',
    '',
    plannerPrompt(input),
  ].join('\n');
}
