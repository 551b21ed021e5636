import type { TaskAssignment, TaskBreakdown } from '../../src-shared/models';

/**
 * A worker's prompt (the seed's format_task_prompt): its own assignment, the others' for context, where
 * it works, and the signal protocol of ARCHITECTURE §4 that turns its progress into events.
 */
export function formatTaskPrompt(plan: TaskBreakdown, assignment: TaskAssignment, cwd: string): string {
  const others = plan.assignments.filter((a) => a !== assignment);
  return [
    `You are ${assignment.agent}, one of ${plan.assignments.length} coding agents working in parallel on one task, each in its own git worktree.`,
    '',
    `Task: ${plan.task}`,
    '',
    `Your assignment: ${assignment.title}`,
    assignment.instructions,
    assignment.scope.length > 0 ? `Scope: ${assignment.scope.join(', ')}` : '',
    '',
    others.length > 0 ? 'The others are working on:' : '',
    ...others.map((a) => `- ${a.agent}: ${a.title}`),
    '',
    `Work only inside your working directory: ${cwd}`,
    '',
    'Protocol — write these on a line of their own in your messages:',
    'MILESTONE: <what is done> — whenever you finish a meaningful step;',
    'BLOCKER: <what you need> — when you cannot go on without a person or another agent;',
    'REVIEW_REQUEST: <what to look at> — when you want the others to review your work.',
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n');
}
