import { promptOnStdin } from '../prompt-input';
import type { CommandOptions, CommandSpec, RunMode } from '../types';

/**
 * Approval mode per run mode (cli notes §1, quirk 7). auto_edit offers write_file/replace but no shell;
 * headless `default` removes both, which is exactly the read-only run a reviewer or planner needs.
 * yolo is left to the user's config args: it runs any shell command unsandboxed and unasked.
 */
const APPROVAL: Record<RunMode, string> = { work: 'auto_edit', review: 'default', plan: 'default' };

const APPROVAL_FLAG = /^(?:--approval-mode(?:=.*)?|--yolo|-y)$/;

/** Gemini refuses an approval mode given twice or next to --yolo (exit 1), so only one may reach it. */
function approvalArgs(mode: RunMode, extraArgs: readonly string[]): { own: string[]; extra: string[] } {
  const userSetsApproval = extraArgs.some((arg) => APPROVAL_FLAG.test(arg));
  if (mode === 'work') {
    return { own: userSetsApproval ? [] : ['--approval-mode', APPROVAL.work], extra: [...extraArgs] };
  }
  // Review and plan runs must stay read-only whatever the config says, so its approval flags are dropped.
  const extra: string[] = [];
  for (let i = 0; i < extraArgs.length; i++) {
    const arg = extraArgs[i] as string;
    if (!APPROVAL_FLAG.test(arg)) extra.push(arg);
    else if (arg === '--approval-mode') i++;
  }
  return { own: ['--approval-mode', APPROVAL[mode]], extra };
}

/** yargs would read a prompt starting with "-" as a flag; the = form keeps it a value. */
const promptArgs = (prompt: string): string[] =>
  prompt.startsWith('-') ? [`--prompt=${prompt}`] : ['-p', prompt];

/**
 * A long prompt goes on stdin, which gemini puts in front of the `-p` text (cli notes §1); `-p` is still what
 * makes the run headless, so it carries only this pointer to the text above it.
 */
export const STDIN_PROMPT_POINTER = 'Carry out the task and instructions given above.';

/** The headless `gemini` argv and environment (cli notes §1, §4.3, §5). */
export function buildGeminiCommand(options: CommandOptions): CommandSpec {
  const { own, extra } = approvalArgs(options.mode, options.extraArgs ?? []);
  const stdin = promptOnStdin(options.prompt);
  const args = [
    '-o',
    'stream-json',
    ...own,
    // Headless runs in an untrusted folder exit 55 before printing anything (cli notes quirk 6).
    '--skip-trust',
    ...(options.model ? ['-m', options.model] : []),
    ...(options.resumeRef ? ['--resume', options.resumeRef] : []),
    ...extra,
    ...promptArgs(stdin ? STDIN_PROMPT_POINTER : options.prompt),
  ];
  return {
    args,
    ...(stdin ? { stdin: options.prompt } : {}),
    env: {
      // Without it the spawned PID is a wrapper that ignores SIGTERM (cli notes quirk 1).
      GEMINI_CLI_NO_RELAUNCH: 'true',
      GEMINI_TELEMETRY_ENABLED: 'false',
      // The untrusted-folder message is wrapped in ANSI colour codes otherwise (cli notes §3).
      NO_COLOR: '1',
    },
  };
}
