import type { AgentConfig, EventDraft } from '../../../src-shared/models';
import type { AgentAdapter } from '../../agents/types';
import type { WorkerExit } from '../../workers/worker-process';
import { runOneShot, type OneShotStorage } from '../one-shot-run';
import type { RunUsage } from '../run-usage';

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
  /** Redaction and fault reporting of the run's files (see one-shot-run.ts). */
  storage?: OneShotStorage;
}

export interface PlannerRun {
  /** Everything the planner said: its messages, then the CLI's result text. */
  text: string;
  exit: WorkerExit | null;
  /** Why the run gave nothing to read at all (not installed, timed out, cancelled); null otherwise. */
  failure: string | null;
  /** A failure a second try would hit again — no retry then. */
  final: boolean;
  /** What the run used by its CLI's account; null when it never started or reported nothing. */
  usage: RunUsage | null;
}

/** One read-only run of the planner agent; what it said, or why it said nothing usable. */
export async function runPlanner(options: PlannerRunOptions): Promise<PlannerRun> {
  const messages: string[] = [];
  let resultText = '';
  const run = await runOneShot({
    ...options,
    mode: 'plan',
    onEvent: (d) => {
      if (d.type === 'message' && d.payload.role === 'assistant') messages.push(d.payload.text);
      if (d.type === 'result' && d.payload.text !== undefined) resultText = d.payload.text;
      options.onEvent?.(d);
    },
  });
  if (!run.started) {
    const failure =
      run.why === 'cancelled' ? 'planning was cancelled' : `${run.configured} was not found on PATH`;
    return { text: '', exit: null, failure, final: true, usage: null };
  }
  const { exit, usage } = run;
  const text = [...messages, resultText].filter((t) => t.trim() !== '').join('\n\n');
  if (run.cancelled) return { text, exit, failure: 'planning was cancelled', final: true, usage };
  if (run.timedOut) {
    const failure = `no plan within ${Math.ceil(options.timeoutMs / 1000)} s`;
    return { text, exit, failure, final: true, usage };
  }
  if (exit.spawnError)
    return { text, exit, failure: `it could not be started (${exit.spawnError})`, final: true, usage };
  return { text, exit, failure: null, final: false, usage };
}

/** How a run ended, for a problem description: '' for a clean exit. */
export function endedWith(exit: WorkerExit | null): string {
  if (exit === null || exit.exitCode === 0) return '';
  return ` (it ended with ${exit.signal ?? `exit code ${exit.exitCode}`})`;
}
