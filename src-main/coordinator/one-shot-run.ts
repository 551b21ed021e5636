import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentConfig, EventDraft } from '../../src-shared/models';
import type { AgentAdapter, RunMode } from '../agents/types';
import { createRedactor, secretsFromEnv, type Redactor } from '../security';
import { AppendFile, storeFault, type FaultListener } from '../store/append-file';
import { WorkerProcess, type WorkerExit } from '../workers/worker-process';
import { buildLaunch } from './launch-command';
import { UsageTally, type RunUsage } from './run-usage';

/** How a one-shot run's files are kept, the same way as a worker's. */
export interface OneShotStorage {
  /**
   * Masks secrets in every line before it is stored or parsed: the session's redactor (every configured
   * agent's keys). Without it, the keys of this run's own environment and the common key formats are masked.
   */
  redact?: Redactor;
  /** Told when the run's folder cannot be written (disk full, read-only…): the session stops then. */
  onFault?: FaultListener;
}

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
  storage?: OneShotStorage;
}

export type OneShotResult =
  | { started: false; why: 'not_found' | 'cancelled'; configured: string }
  | {
      started: true;
      exit: WorkerExit;
      timedOut: boolean;
      cancelled: boolean;
      /** The argv it ran with and its last stderr lines: what classifying a failed run needs. */
      args: readonly string[];
      stderrTail: readonly string[];
      /** What the run used, by its CLI's own account (null: it reported nothing). */
      usage: RunUsage | null;
    };

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
  const onFault = options.storage?.onFault ?? (() => undefined);
  try {
    mkdirSync(options.folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    // The run still goes ahead (its answer is read from its output, not the disk); the session decides.
    onFault(storeFault(options.folder, error));
  }
  const files = {
    raw: new AppendFile(join(options.folder, 'raw.jsonl'), 0o600, onFault),
    stderr: new AppendFile(join(options.folder, 'stderr.log'), 0o600, onFault),
  };
  // A planner or reviewer reads the same repository and prints the same kind of output as a worker: its
  // raw log is kept under the session folder too, so it is redacted before anything is stored.
  const redact = options.storage?.redact ?? createRedactor(secretsFromEnv({ ...process.env, ...launch.env }));
  const usage = new UsageTally();
  const child = new WorkerProcess(
    {
      command: launch.command,
      args: launch.args,
      cwd: options.cwd,
      env: { ...launch.env, ...options.markerEnv },
      ...(launch.input !== undefined ? { input: launch.input } : {}),
    },
    {
      files,
      parser: options.adapter.createParser(),
      emit: (d) => {
        usage.observe(d);
        options.onEvent(d);
      },
      redact,
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
  try {
    const exit = await child.exited;
    return {
      started: true,
      exit,
      timedOut,
      cancelled: options.signal?.aborted ?? false,
      args: launch.args,
      stderrTail: [...child.stderrTail],
      usage: usage.result(),
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    files.raw.close();
    files.stderr.close();
  }
}
