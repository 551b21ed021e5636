// @ts-check
// Why this exists: the orchestrator sends every agent the same prompts, so every demo reads them the same way.

/** The built-in agents a plan covers when the prompt names none. */
const BUILTIN_AGENTS = ['claude', 'codex', 'gemini'];

/**
 * What the orchestrator asks for: a review wants verdict JSON, a plan wants assignments JSON, anything else is work.
 * @param {string} prompt @returns {'review' | 'plan' | 'work'}
 */
export const promptKind = (prompt) =>
  prompt.includes('"verdict"') ? 'review' : prompt.includes('"assignments"') ? 'plan' : 'work';

/**
 * The task inside a prompt: its first line labelled with one of `labels` ("Task: …"), else its first non-empty
 * line; trimmed and cut to 120 characters. `headings` also reads a label after a markdown "#"; `ellipsis` marks
 * a cut with "…".
 * @param {string} prompt
 * @param {{ labels?: string[], headings?: boolean, ellipsis?: boolean }} [how]
 */
export function taskOf(
  prompt,
  { labels = ['task', 'title', 'assignment'], headings = true, ellipsis = true } = {},
) {
  const labelled = new RegExp(
    `^\\s*${headings ? '(?:#+\\s*)?' : ''}(?:${labels.join('|')})\\s*:\\s*(.+)$`,
    'im',
  );
  const line = labelled.exec(prompt)?.[1] ?? prompt.split('\n').find((l) => l.trim() !== '') ?? 'the task';
  const task = line.trim();
  if (task.length <= 120) return task;
  return ellipsis ? `${task.slice(0, 119)}…` : task.slice(0, 120);
}

/** The agents a plan prompt's "Enabled agents:" line names, else the built-in three. @param {string} prompt */
export function enabledAgents(prompt) {
  const listed = /^\s*Enabled agents:\s*(.+)$/im.exec(prompt)?.[1];
  return listed ? listed.split(/[\s,]+/).filter(Boolean) : [...BUILTIN_AGENTS];
}
