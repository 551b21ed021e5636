import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentConfig, EventDraft, VerdictReport } from '../../src-shared/models';
import type { AgentAdapter } from '../agents/types';
import { buildLaunch } from '../coordinator/launch-command';
import { AppendFile } from '../store/append-file';
import { WorkerProcess, type WorkerExit } from '../workers/worker-process';
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
  const launch = buildLaunch(
    {
      adapter: reviewer.adapter,
      config: reviewer.config,
      demo: options.demo,
      cwd: options.cwd,
      mode: 'review',
      pathEnv: options.pathEnv,
    },
    { prompt: options.prompt, resumeRef: null, addArgs: [], removeArgs: [], env: {} },
    (args) => args,
  );
  const none = (problem: string): ReviewerRun => ({
    report: null,
    finalText: '',
    exit: null,
    problem,
    events: [],
  });
  if (launch.command === null) return none(`${launch.configured} was not found on PATH`);
  if (options.signal?.aborted) return none('the review was cancelled');

  mkdirSync(options.folder, { recursive: true, mode: 0o700 });
  const files = {
    raw: new AppendFile(join(options.folder, 'raw.jsonl')),
    stderr: new AppendFile(join(options.folder, 'stderr.log')),
  };
  const transcript = new Transcript();
  const child = new WorkerProcess(
    {
      command: launch.command,
      args: launch.args,
      cwd: options.cwd,
      env: { ...launch.env, ...options.markerEnv },
    },
    { files, parser: reviewer.adapter.createParser(), emit: (d) => transcript.observe(d) },
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

  const finalText = transcript.finalText();
  const report = parseVerdict(finalText) ?? parseVerdict(transcript.allMessages());
  const problem = report
    ? null
    : whyNoReport({
        finalText,
        exit,
        timedOut,
        cancelled: options.signal?.aborted ?? false,
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
