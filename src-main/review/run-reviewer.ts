import type { AgentConfig, EventDraft, VerdictReport } from '../../src-shared/models';
import type { AgentAdapter } from '../agents/types';
import { runOneShot, type OneShotStorage } from '../coordinator/one-shot-run';
import type { RunUsage } from '../coordinator/run-usage';
import type { WorkerExit } from '../workers/worker-process';
import { classify, entryById } from '../recovery';
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
  /**
   * Why this reviewer's CLI cannot review at all (not installed, not set up, crashed without a word), or
   * null. Asking it again would fail the same way: it is not asked again in the session.
   */
  unusable: string | null;
  /** What the run used by its CLI's account; null when it never started or reported nothing. */
  usage: RunUsage | null;
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
    const missing = `${run.configured} was not found on PATH`;
    const problem = run.why === 'cancelled' ? 'the review was cancelled' : missing;
    return {
      report: null,
      finalText: '',
      exit: null,
      problem,
      events: [],
      unusable: run.why === 'not_found' ? missing : null,
      usage: null,
    };
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
  const unusable =
    report || run.cancelled || run.timedOut ? null : whyUnusable(options, run, transcript, finalText);
  return { report, finalText, exit, problem, events: transcript.events, unusable, usage: run.usage };
}

/**
 * A run that failed for a reason of its CLI rather than of its answer: it could not start, the recovery
 * catalogue knows the failure as a setup problem (no login, no key, a model not available), or it crashed
 * without saying anything. A reviewer that answered, even badly, is not unusable.
 */
function whyUnusable(
  options: RunReviewerOptions,
  run: { exit: WorkerExit; args: readonly string[]; stderrTail: readonly string[] },
  transcript: Transcript,
  finalText: string,
): string | null {
  const { exit } = run;
  if (exit.spawnError) return `it could not be started (${exit.spawnError})`;
  const failure = classify({
    agent: options.reviewer.agent,
    format: options.reviewer.adapter.format,
    args: run.args,
    cwd: options.cwd,
    exitCode: exit.exitCode,
    signal: exit.signal,
    stderr: run.stderrTail,
    events: transcript.events,
    isRoot: process.getuid?.() === 0,
    readOnly: true,
  });
  const entry = failure ? entryById(failure.id) : undefined;
  if (failure && entry?.action.kind === 'setup_required') {
    const hint =
      typeof entry.action.hint === 'string' ? entry.action.hint : entry.action.hint?.(failure.facts);
    return `${entry.summary}${hint ? ` — ${hint}` : ''}`;
  }
  if (exit.exitCode !== 0 && exit.signal === null && finalText.trim() === '')
    return `its CLI failed (exit code ${exit.exitCode}) without an answer`;
  return null;
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
