import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentConfig, EventDraft } from '../../src-shared/models';
import type { AgentAdapter, RunMode } from '../agents/types';
import { AppendFile } from '../store/append-file';
import { WorkerProcess, type WorkerExit } from '../workers/worker-process';
import { buildLaunch } from './launch-command';

export interface OneShotOptions {
  adapter: AgentAdapter;
  config: AgentConfig | undefined;
  demo: boolean;
  /** 'plan' and 'review' runs are read-only. */
  mode: RunMode;
  prompt: string;
  cwd: string;
  pathEnv: string;
  /** Marks the run's processes like a worker's (see workers/sweep.ts) so leftovers can be found. */
  markerEnv: Record<string, string>;
  /** Where this run's raw.jsonl and stderr.log are kept. */
  folder: string;
  timeoutMs: number;
  /** Aborting stops the run's whole process group. */
  signal?: AbortSignal;
  onEvent: (draft: EventDraft) => void;
}

export type OneShotResult =
  | { started: false; why: 'not_found' | 'cancelled'; configured: string }
  | { started: true; exit: WorkerExit; timedOut: boolean; cancelled: boolean };

/**
 * One read-only run of an agent that is not a worker (the planner, a reviewer): launched like a worker
 * (real CLI or demo agent, the config's args and env), supervised the same way — its own process group,
 * raw output on disk before parsing — and stopped as a whole group on timeout or abort.
 */
export async function runOneShot(options: OneShotOptions): Promise<OneShotResult> {
  const launch = buildLaunch(
    {
      adapter: options.adapter,
      config: options.config,
      demo: options.demo,
      cwd: options.cwd,
      mode: options.mode,
      pathEnv: options.pathEnv,
    },
    { prompt: options.prompt, resumeRef: null, addArgs: [], removeArgs: [], env: {} },
  );
  if (launch.command === null) return { started: false, why: 'not_found', configured: launch.configured };
  if (options.signal?.aborted) return { started: false, why: 'cancelled', configured: launch.configured };
  mkdirSync(options.folder, { recursive: true, mode: 0o700 });
  const files = {
    raw: new AppendFile(join(options.folder, 'raw.jsonl')),
    stderr: new AppendFile(join(options.folder, 'stderr.log')),
  };
  const child = new WorkerProcess(
    {
      command: launch.command,
      args: launch.args,
      cwd: options.cwd,
      env: { ...launch.env, ...options.markerEnv },
    },
    { files, parser: options.adapter.createParser(), emit: options.onEvent },
  );
  let timedOut = false;
  const stop = () => void child.stop();
  child.start();
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const exit = await child.exited;
    return { started: true, exit, timedOut, cancelled: options.signal?.aborted ?? false };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    files.raw.close();
    files.stderr.close();
  }
}
