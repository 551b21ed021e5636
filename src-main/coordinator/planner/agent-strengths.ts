import type { AgentConfig } from '../../../src-shared/models';

/** What each built-in CLI is known to do well: the planner matches the parts of the task to them. */
const STRENGTHS: Readonly<Record<string, string>> = {
  claude:
    'Claude Code: careful multi-file implementation and refactoring in the existing style of a codebase',
  codex: 'Codex: tests, running commands and checks, precise fixes verified by execution',
  gemini:
    'Gemini CLI: a very large context — reading widely, documentation, edge cases and consistency checks',
};

/** One line per enabled agent, e.g. "- codex: Codex: tests, …"; a custom agent is named by its format. */
export function strengthLines(
  agents: readonly string[],
  configs: Readonly<Record<string, AgentConfig>> = {},
): string[] {
  return agents.map((agent) => {
    const known = STRENGTHS[agent];
    if (known) return `- ${agent}: ${known}`;
    const format = configs[agent]?.format;
    return `- ${agent}: a general coding agent${format ? ` (speaks ${format})` : ''}`;
  });
}
