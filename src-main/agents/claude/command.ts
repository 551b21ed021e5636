import { denyRulesFor } from '../../security/deny-rules';
import { promptOnStdin } from '../prompt-input';
import type { CommandOptions, CommandSpec, RunMode } from '../types';

/** Edit tools a read-only run must never get, even if the worktree's .claude/settings.json allows them. */
const EDIT_TOOLS = ['Write', 'Edit', 'MultiEdit', 'NotebookEdit'];
/** Reviewers and planners may look at history; these Bash rules write nothing. */
const READ_ONLY_BASH = ['Bash(git diff:*)', 'Bash(git log:*)', 'Bash(git show:*)', 'Bash(git status:*)'];

/**
 * acceptEdits lets a worker write files and works as root; bypassPermissions and
 * --dangerously-skip-permissions are refused as root without IS_SANDBOX=1 (cli notes TL;DR). dontAsk
 * denies every tool that would prompt, the same as -p does by default, but says so explicitly.
 *
 * A worker also gets the security deny rules up front (sudo, mkfs, dd, rm -rf outside…): a deny rule wins
 * over any allow rule, permission mode or settings file, so claude refuses such a command before it runs,
 * where the orchestrator's guard only sees it as it starts. A read-only run allows nothing but git reads,
 * so they would add nothing there.
 */
function permissionArgs(mode: RunMode): string[] {
  if (mode === 'work') return ['--permission-mode', 'acceptEdits', ...denyRulesFor('claude')];
  return [
    '--permission-mode',
    'dontAsk',
    '--disallowedTools',
    ...EDIT_TOOLS,
    '--allowedTools',
    ...READ_ONLY_BASH,
  ];
}

/**
 * The headless run recommended by the cli notes §6. stream-json needs --verbose with -p or the CLI
 * exits 1 (fixture cases/sj_no_verbose). The prompt goes last after "--": --allowedTools,
 * --disallowedTools and --add-dir take several values and would swallow a bare prompt after them.
 * A long prompt goes on stdin instead: `-p` without a prompt argument reads it from there (cli notes §4).
 */
export function buildClaudeCommand(options: CommandOptions): CommandSpec {
  const args = ['-p', '--output-format', 'stream-json', '--verbose', ...permissionArgs(options.mode)];
  if (options.model) args.push('--model', options.model);
  if (options.resumeRef) args.push('--resume', options.resumeRef);
  args.push(...(options.extraArgs ?? []));
  const stdin = promptOnStdin(options.prompt);
  if (!stdin) args.push('--', options.prompt);
  return {
    args,
    ...(stdin ? { stdin: options.prompt } : {}),
    env: {
      // Without it the CLI resolves api.anthropic.com even with ANTHROPIC_BASE_URL set (cli notes TL;DR).
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
      // Startup refusals (root + bypass, bad config) then also end with a JSON result line.
      CLAUDE_CODE_STARTUP_FAILURE_RESULTS: '1',
    },
  };
}
