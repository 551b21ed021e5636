/**
 * Claude Code permission rules (cli notes §2: `--disallowedTools <tools...>`, rule syntax as in
 * `"Bash(git *) Edit"`). A deny rule wins over every allow rule and every permission mode, and claude
 * checks each part of a compound command (`a && sudo b`) on its own. `:*` is a prefix match at a word
 * boundary; `*` matches any text.
 *
 * `Bash(rm -rf /*)` also denies `rm -rf /abs/path/inside/the/worktree`: claude is told so and can delete by
 * relative path; the guard, which knows the worktree, judges the rest.
 */
const CLAUDE_DENIED_BASH = [
  'sudo:*',
  'doas:*',
  'su:*',
  'mkfs:*',
  'mkfs.*',
  'dd:*',
  'rm -rf /*',
  'rm -fr /*',
  'rm -rf ~*',
  'rm -fr ~*',
  'rm -rf $HOME*',
  'rm -fr $HOME*',
  'rm -rf ..*',
  'rm -fr ..*',
  'chmod -R 777 /*',
];

/**
 * Flags that make a CLI refuse dangerous commands before it runs them; the guard only sees them as they
 * start. The claude adapter puts them in every worker's command (agents/claude/command.ts), where the
 * config's args cannot push them past the "--" that ends claude's options. Only claude has such a flag. codex has none (its workspace-write sandbox already confines writes to
 * the worktree, /tmp and $TMPDIR, without network). gemini's work mode (approval mode auto_edit) offers no
 * shell tool at all (cli notes §3); its `--policy FILE` is not documented in the cli notes, so nothing is
 * passed for either, and the guard is their only check.
 */
export function denyRulesFor(agent: string): string[] {
  if (agent !== 'claude') return [];
  return ['--disallowedTools', ...CLAUDE_DENIED_BASH.map((rule) => `Bash(${rule})`)];
}
