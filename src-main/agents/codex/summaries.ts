const MAX_SUMMARY = 120;

/** codex reports commands wrapped in the login shell: `/bin/bash -lc 'echo hi > hello.txt'` (cli notes §2). */
const SHELL_WRAPPED = /^(?:\/usr)?(?:\/bin\/)?(?:ba|z)?sh\s+-l?c\s+'((?:[^']|'\\'')*)'$/s;

/** The command a person would have typed, for "run <cmd>". */
export function unwrapCommand(command: string): string {
  const match = SHELL_WRAPPED.exec(command.trim());
  return match?.[1] !== undefined ? match[1].replaceAll(`'\\''`, `'`) : command.trim();
}

export function commandSummary(command: string): string {
  return clip(`run ${unwrapCommand(command)}`);
}

const VERBS = { add: 'create', update: 'edit', delete: 'delete' } as const;

/** "edit notes.md", "create a.ts, b.ts", "change a.ts, b.ts, c.ts +2 more". Paths are absolute: show names. */
export function changesSummary(changes: readonly { path: string; kind: keyof typeof VERBS }[]): string {
  if (changes.length === 0) return 'edit files';
  const kinds = new Set(changes.map((c) => c.kind));
  const verb = kinds.size === 1 ? VERBS[changes[0]!.kind] : 'change';
  const names = changes.slice(0, 3).map((c) => c.path.split(/[\\/]/).filter(Boolean).at(-1) ?? c.path);
  const more = changes.length > 3 ? ` +${changes.length - 3} more` : '';
  return clip(`${verb} ${names.join(', ')}${more}`);
}

/** With RUST_BACKTRACE set, codex appends a useless `<unknown>` frame list even to MCP errors (cli notes §3). */
export function stripBacktrace(message: string): string {
  const at = message.indexOf('\n\nStack backtrace:');
  return at >= 0 ? message.slice(0, at) : message;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return oneLine.length > MAX_SUMMARY ? `${oneLine.slice(0, MAX_SUMMARY - 1)}…` : oneLine;
}
