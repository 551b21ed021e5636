import type { AgentConfig, EventDraft, VerdictReport } from '../../src-shared/models';
import type { AgentAdapter } from '../agents/types';
import { runOneShot, type OneShotStorage } from '../coordinator/one-shot-run';
import type { WorkerExit } from '../workers/worker-process';
import { extractJsonObject } from './extract-json';
import { parseVerdict } from './verdict';

/** An agent that can review: its name, how to launch it, and its config entry. */
export interface Reviewer {
  agent: string;
  adapter: AgentAdapter;
  config: AgentConfig | undefined;
}

export interface RunReviewerOptions {
  reviewer: Reviewer;
  prompt: string;
  /** The target's worktree: the reviewer reads the change where it was made. */
  cwd: string;
  demo: boolean;
  pathEnv: string;
  /** Marks the reviewer's processes like a worker's (see workers/sweep.ts) so leftovers can be found. */
  markerEnv: Record<string, string>;
  /** Where this run's raw.jsonl and stderr.log are kept. */
  folder: string;
  timeoutMs: number;
  /** Aborting stops the run's whole process group (session stop). */
  signal?: AbortSignal;
  /** Redaction and fault reporting of the run's files, as the session does for its workers'. */
  storage?: OneShotStorage;
}

export interface ReviewerRun {
  report: VerdictReport | null;
  /** The reviewer's final assistant text: the CLI's result text, else its last message. */
  finalText: string;
  /** null when the CLI was never started (not installed, or cancelled before). */
  exit: WorkerExit | null;
  /** Why there is no valid report, worded for the reviewer-error summary; null when there is one. */
  problem: string | null;
  /** The run's last normalized events, kept here only: a reviewer's chatter is not the session's log. */
  events: EventDraft[];
}

const MAX_KEPT_EVENTS = 500;

/**
 * One read-only, one-shot run of a reviewer agent in the target's worktree, launched like a worker (real
 * CLI or demo agent, config args and env) but in review mode, supervised the same way: its own process
 * group, raw output on disk before parsing, and a timeout that stops the whole group.
 */
export async function runReviewer(options: RunReviewerOptions): Promise<ReviewerRun> {
  const { reviewer } = options;
  const transcript = new Transcript();
  const run = await runOneShot({
    ...options,
    adapter: reviewer.adapter,
    config: reviewer.config,
    mode: 'review',
    onEvent: (d) => transcript.observe(d),
  });
  if (!run.started) {
    const problem =
      run.why === 'cancelled' ? 'the review was cancelled' : `${run.configured} was not found on PATH`;
    return { report: null, finalText: '', exit: null, problem, events: [] };
  }
  const { exit } = run;
  const finalText = transcript.finalText();
  const report = parseVerdict(finalText) ?? parseVerdict(transcript.allMessages());
  const problem = report
    ? null
    : whyNoReport({
        finalText,
        exit,
        timedOut: run.timedOut,
        cancelled: run.cancelled,
        timeoutMs: options.timeoutMs,
      });
  return { report, finalText, exit, problem, events: transcript.events };
}

function whyNoReport(run: {
  finalText: string;
  exit: WorkerExit;
  timedOut: boolean;
  cancelled: boolean;
  timeoutMs: number;
}): string {
  if (run.cancelled) return 'the review was cancelled';
  if (run.timedOut) return `no answer within ${Math.round(run.timeoutMs / 1000)} s`;
  if (run.exit.spawnError) return `it could not be started (${run.exit.spawnError})`;
  const ended =
    run.exit.exitCode === 0 ? '' : `, it ended with ${run.exit.signal ?? `exit code ${run.exit.exitCode}`}`;
  if (run.finalText.trim() === '') return `it gave no answer${ended}`;
  if (extractJsonObject(run.finalText, 'verdict') !== null) return `its verdict JSON was invalid${ended}`;
  return `its answer held no JSON object with "verdict"${ended}`;
}

/** What the reviewer said, as far as finding its verdict needs. */
class Transcript {
  readonly events: EventDraft[] = [];
  private resultText: string | null = null;
  private readonly messages: string[] = [];

  observe(d: EventDraft): void {
    this.events.push(d);
    if (this.events.length > MAX_KEPT_EVENTS) this.events.shift();
    if (d.type === 'result' && d.payload.text !== undefined) this.resultText = d.payload.text;
    else if (d.type === 'message' && d.payload.role === 'assistant') {
      this.messages.push(d.payload.text);
      if (this.messages.length > MAX_KEPT_EVENTS) this.messages.shift();
    }
  }

  finalText(): string {
    if (this.resultText !== null && this.resultText.trim() !== '') return this.resultText;
    return this.messages.at(-1) ?? '';
  }

  /** Every assistant message in order: the verdict may sit in an earlier block than the final text. */
  allMessages(): string {
    return this.messages.join('\n');
  }
}
