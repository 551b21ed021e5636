import type { StreamFormat } from '../../src-shared/models';

/**
 * How many values a flag takes: one, an optional one, or every following non-flag token. A flag not listed
 * takes none. Removing a flag must take its value along (`--approval-mode yolo`), and finding the prompt
 * means stepping over values, so the argv layout of each CLI is data here (from their --help texts).
 */
export type Arity = 1 | 'optional' | 'variadic';

/** `claude --help` 2.1.332 (cli notes claude §2). -p is --print, a switch; the prompt is positional. */
const CLAUDE: Readonly<Record<string, Arity>> = {
  '--output-format': 1,
  '--input-format': 1,
  '--permission-mode': 1,
  '--permission-prompts': 1,
  '--permission-prompt-tool': 1,
  '--model': 1,
  '--fallback-model': 1,
  '--effort': 1,
  '--system-prompt': 1,
  '--append-system-prompt': 1,
  '--max-budget-usd': 1,
  '--max-turns': 1,
  '--max-cost': 1,
  '--json-schema': 1,
  '--session-id': 1,
  '--settings': 1,
  '--setting-sources': 1,
  '--debug-file': 1,
  '--resume': 'optional',
  '-r': 'optional',
  '--debug': 'optional',
  '-d': 'optional',
  '--add-dir': 'variadic',
  '--allowedTools': 'variadic',
  '--allowed-tools': 'variadic',
  '--disallowedTools': 'variadic',
  '--disallowed-tools': 'variadic',
  '--tools': 'variadic',
  '--mcp-config': 'variadic',
};

/**
 * `codex exec --help` 0.169.0 (cli notes codex §1). `resume` is a subcommand whose session id follows it,
 * so it is listed like a flag with an optional value (`exec resume --last` has none).
 */
const CODEX: Readonly<Record<string, Arity>> = {
  '-c': 1,
  '--config': 1,
  '--enable': 1,
  '--disable': 1,
  '-m': 1,
  '--model': 1,
  '-p': 1,
  '--profile': 1,
  '-s': 1,
  '--sandbox': 1,
  '-C': 1,
  '--cd': 1,
  '--add-dir': 1,
  '--output-schema': 1,
  '-o': 1,
  '--output-last-message': 1,
  '--color': 1,
  '-i': 1,
  '--image': 1,
  resume: 'optional',
};

/** `gemini --help` 0.61.0 (fixture cases/unknown-flag prints it): yargs [string] and [array] options. */
const GEMINI: Readonly<Record<string, Arity>> = {
  '-o': 1,
  '--output-format': 1,
  '--approval-mode': 1,
  '-m': 1,
  '--model': 1,
  '-p': 1,
  '--prompt': 1,
  '-i': 1,
  '--prompt-interactive': 1,
  '-r': 1,
  '--resume': 1,
  '--session-id': 1,
  '--session-file': 1,
  '--delete-session': 1,
  '-w': 'optional',
  '--worktree': 'optional',
  '--include-directories': 'variadic',
  '--policy': 'variadic',
  '--admin-policy': 'variadic',
  '--allowed-mcp-server-names': 'variadic',
  '--allowed-tools': 'variadic',
  '-e': 'variadic',
  '--extensions': 'variadic',
};

export const ARITY: Readonly<Record<StreamFormat, Readonly<Record<string, Arity>>>> = {
  'claude-stream-json': CLAUDE,
  'codex-exec-json': CODEX,
  'gemini-stream-json': GEMINI,
};
