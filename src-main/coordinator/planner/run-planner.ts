import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentConfig, EventDraft } from '../../../src-shared/models';
import type { AgentAdapter } from '../../agents/types';
import { AppendFile } from '../../store/append-file';
import { WorkerProcess, type WorkerExit } from '../../workers/worker-process';
import { buildLaunch } from '../launch-command';

export interface PlannerRunOptions {
  adapter: AgentAdapter;
  config: AgentConfig | undefined;
  demo: boolean;
  prompt: string;
  /** The repository root: the planner reads the project where the user has it, read-only. */
  cwd: string;
  pathEnv: string;
  markerEnv: Record<string, string>;
  /** Where this run's raw.jsonl and stderr.log are kept. */
  folder: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onEvent?: (draft: EventDraft) => void;
}

export interface PlannerRun {
  /** Everything the planner said: its messages, then the CLI's result text. */
  text: string;
  exit: WorkerExit | null;
  /** Why the run gave nothing to read at all (not installed, timed out, cancelled); null otherwise. */
  failure: string | null;
  /** A failure a second try would hit again — no retry then. */
  final: boolean;
}

/**
 * One read-only, one-shot run of the planner agent: launched like a worker (real CLI or demo agent, with
 * the config's args and env) but in 'plan' mode, supervised the same way (own process group, raw output on
 * disk before parsing), and stopped as a whole group when the timeout passes.
 */
export async function runPlanner(options: PlannerRunOptions): Promise<PlannerRun> {
  const launch = buildLaunch(
    {
      adapter: options.adapter,
      config: options.config,
      demo: options.demo,
      cwd: options.cwd,
      mode: 'plan',
      pathEnv: options.pathEnv,
    },
    { prompt: options.prompt, resumeRef: null, addArgs: [], removeArgs: [], env: {} },
    (args) => args,
  );
  if (launch.command === null) {
    return { text: '', exit: null, failure: `${launch.configured} was not found on PATH`, final: true };
  }
  if (options.signal?.aborted)
    return { text: '', exit: null, failure: 'planning was cancelled', final: true };
  mkdirSync(options.folder, { recursive: true, mode: 0o700 });
  const files = {
    raw: new AppendFile(join(options.folder, 'raw.jsonl')),
    stderr: new AppendFile(join(options.folder, 'stderr.log')),
  };
  const messages: string[] = [];
  let resultText = '';
  const child = new WorkerProcess(
    {
      command: launch.command,
      args: launch.args,
      cwd: options.cwd,
      env: { ...launch.env, ...options.markerEnv },
    },
    {
      files,
      parser: options.adapter.createParser(),
      emit: (d) => {
        if (d.type === 'message' && d.payload.role === 'assistant') messages.push(d.payload.text);
        if (d.type === 'result' && d.payload.text !== undefined) resultText = d.payload.text;
        options.onEvent?.(d);
      },
    },
  );
  let timedOut = false;
  const stop = () => void child.stop();
  child.start();
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  options.signal?.addEventListener('abort', stop, { once: true });
  let exit: WorkerExit;
  try {
    exit = await child.exited;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    files.raw.close();
    files.stderr.close();
  }
  const text = [...messages, resultText].filter((t) => t.trim() !== '').join('\n\n');
  if (options.signal?.aborted) return { text, exit, failure: 'planning was cancelled', final: true };
  if (timedOut) {
    return { text, exit, failure: `no plan within ${Math.ceil(options.timeoutMs / 1000)} s`, final: true };
  }
  if (exit.spawnError)
    return { text, exit, failure: `it could not be started (${exit.spawnError})`, final: true };
  return { text, exit, failure: null, final: false };
}

/** How a run ended, for a problem description: '' for a clean exit. */
export function endedWith(exit: WorkerExit | null): string {
  if (exit === null || exit.exitCode === 0) return '';
  return ` (it ended with ${exit.signal ?? `exit code ${exit.exitCode}`})`;
}
