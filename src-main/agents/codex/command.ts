import { promptOnStdin } from '../prompt-input';
import type { CommandOptions, CommandSpec } from '../types';

/**
 * `codex exec --json` per the cli notes §5. The sandbox is always explicit: exec defaults to read-only, and
 * `--full-auto` no longer exists (clap exit 2). `--skip-git-repo-check` is left to recovery, which adds it on
 * "Not inside a trusted directory": worktrees are git repos. The `-c analytics.enabled=false --disable plugins`
 * pair stops the lookups of ab.chatgpt.com, chatgpt.com and api.github.com (+5 s at exit with no network).
 */
export function buildCodexCommand(options: CommandOptions): CommandSpec {
  const sandbox = options.mode === 'work' ? 'workspace-write' : 'read-only';
  const args = ['exec', '--json', '--sandbox', sandbox];
  // `exec resume` has no -C (cli notes §1): the resumed run relies on the worker's cwd.
  if (!options.resumeRef) args.push('-C', options.cwd);
  args.push('-c', 'analytics.enabled=false', '--disable', 'plugins');
  if (options.model) args.push('-m', options.model);
  // Exec-level flags must come before `resume`, which accepts only a few of its own.
  args.push(...(options.extraArgs ?? []));
  if (options.resumeRef) args.push('resume', options.resumeRef);
  // A long prompt goes on stdin: `-` as the prompt reads it from there (exec --help).
  if (promptOnStdin(options.prompt)) {
    args.push('-');
    return { args, env: { ...CODEX_ENV }, stdin: options.prompt };
  }
  // clap would read a prompt that starts with "-" as a flag; its own tip is to put it after `--`.
  if (options.prompt.startsWith('-')) args.push('--');
  args.push(options.prompt);
  return { args, env: { ...CODEX_ENV } };
}

/**
 * RUST_BACKTRACE appends a `Stack backtrace:` block to every error, even inside MCP tool results (cli notes §3);
 * the env can only override it, not unset it. NO_COLOR keeps stderr free of escape codes for classification.
 */
const CODEX_ENV: Record<string, string> = {
  RUST_BACKTRACE: '0',
  RUST_LIB_BACKTRACE: '0',
  NO_COLOR: '1',
};
