import { isAbsolute, relative, sep } from 'node:path';
import type { AgentConfig, Event, EventDraft, RecoveryAction, WorkerStatus } from '../../src-shared/models';
import { draft } from '../../src-shared/models';
import { isBuiltinAgent } from '../agents/registry';
import type { AgentAdapter, RunMode } from '../agents/types';
import { SETUP_HINTS } from '../setup/agent-setup-hints';
import type { WorkerFiles } from '../store/session-folder';
import { LimitsWatch, type LimitHit, type WorkerLimits } from '../workers/limits-watch';
import { signalGroup } from '../workers/process-group';
import { WorkerProcess, type WorkerExit } from '../workers/worker-process';
import { classify, classifyLive, planRecovery } from '../recovery';
import { prepareLaunchArgs } from '../recovery/prepare-launch';
import type { ErrorClass, KnownError, RunObservation } from '../recovery';
import { FailureCauses } from '../recovery/failure-cause';
import { KnownSessions } from '../recovery/known-sessions';
import { resumedIn } from '../recovery/resume-args';
import { adapterArgs, launchOf, relaunchArgs, type Launch } from './launch-command';

export interface WorkerRunOptions {
  workerId: string;
  agent: string;
  adapter: AgentAdapter;
  config: AgentConfig | undefined;
  demo: boolean;
  cwd: string;
  branch: string | null;
  prompt: string;
  mode: RunMode;
  files: WorkerFiles;
  /** The PATH CLIs are looked up in and run with: the user's login-shell PATH. */
  pathEnv: string;
  limits: WorkerLimits;
  emit: (draft: EventDraft) => Event | null;
  /** Marks every process of this worker (see workers/sweep.ts), so a later start can find leftovers. */
  markerEnv: Record<string, string>;
  /** The CLI's own session id from an earlier run, to continue it instead of starting over. */
  resumeRef?: string | null;
  /**
   * The prompt for that resumed conversation (an answer); default: a "continue" instruction. When the
   * conversation cannot be resumed, a fresh one gets `prompt` followed by this.
   */
  resumePrompt?: string | undefined;
  /** Recoveries (relaunches, backoffs) allowed before the worker escalates (config limits.maxRecoveries). */
  maxRecoveries: number;
  /** Cap on any single backoff wait, in seconds (config limits.maxBackoffSec). */
  maxBackoffSec: number;
  /** The worker runs in a git worktree; false when it runs in place in a plain directory. */
  inGitRepo: boolean;
  /** Masks secrets in the CLI's output before anything is stored. */
  redact?: (line: string) => string;
  /** Sees every event of the worker before it is emitted: the dangerous-command guard. */
  inspect?: (draft: EventDraft) => void;
}

export interface WorkerOutcome {
  status: WorkerStatus;
  reason?: string;
  exit: WorkerExit;
}

/** What a relaunched CLI is told when it continues its own earlier conversation. */
export const CONTINUE_PROMPT =
  'Continue the task where you left off. Check the state of your working directory first; do not redo finished steps.';

/** Put before a message (an answer, new instructions) when it goes to a fresh conversation after the task. */
export const LATER_MESSAGE_INTRO = 'Since you started, you were told:';

const KEPT_FOR_CLASSIFYING = new Set<Event['type']>([
  'error',
  'result',
  'tool_result',
  'session_ref',
  'turn',
  'command',
  'raw',
]);
/**
 * Events of a launch kept for classifying how it ended: its first ones (how it started: session ref, first
 * turn) and its newest ones (why it ended: the final result or error, often hours into a run).
 */
const MAX_KEPT_EVENTS = 1000;
const KEPT_FIRST_EVENTS = 100;

/**
 * One worker from its first launch to its final status. Each launch runs the CLI's headless command (or
 * the demo agent's, which takes the same argv) supervised, under the limits; completed / failed /
 * setup_required / stopped is judged from the exit and from what the CLI itself reported — an exit code
 * of 0 alone is not success (gemini). A launch that ends otherwise is classified against the recovery
 * catalogue, whose action (relaunch with changed flags, back off and resume, setup required, escalate)
 * decides the next launch; so do the person's resume of a paused worker whose process disappeared and
 * new instructions (redirect). Failures a CLI never ends by itself are caught while it runs.
 */
export class WorkerRun {
  private process: WorkerProcess | null = null;
  /** Its last launch has ended and no other will follow. */
  finished = false;
  private stopRequested = false;
  private redirectPrompt: string | null = null;
  private paused = false;
  private watch: LimitsWatch | null = null;
  private limitHit: LimitHit | null = null;
  private liveFailure: KnownError | null = null;
  private sessionRef: string | null;
  private readonly sessions: KnownSessions;
  private readonly causes = new FailureCauses();
  /** The last message (an answer, new instructions) the conversation was given, for a fresh start. */
  private message: string | null;
  private recoveries = 0;
  private wake: (() => void) | null = null;
  private attempt = {
    lastResult: null as { ok: boolean } | null,
    lastFatal: null as string | null,
    events: [] as Event[],
  };
  private readonly adapterEnv: Record<string, string>;
  /** Flags changed up front from facts (see prepare-launch.ts), reported when the worker starts. */
  private readonly preparations: string[];
  private args: string[];
  /** The prompt on stdin when it is too long for the argv; a relaunch with a new prompt replaces it. */
  private stdin: string | undefined;

  constructor(private readonly options: WorkerRunOptions) {
    this.sessionRef = options.resumeRef ?? null;
    this.sessions = new KnownSessions(this.sessionRef);
    this.message = options.resumePrompt ?? null;
    const first = adapterArgs(
      options,
      this.sessionRef ? (options.resumePrompt ?? CONTINUE_PROMPT) : this.contextPrompt(),
      this.sessionRef,
    );
    this.adapterEnv = first.env;
    const prepared = prepareLaunchArgs(first.args, {
      format: options.adapter.format,
      cwd: options.cwd,
      inGitRepo: options.inGitRepo,
    });
    this.args = prepared.args;
    this.stdin = first.stdin;
    this.preparations = prepared.changes;
  }

  async run(): Promise<WorkerOutcome> {
    for (const change of this.preparations) {
      this.options.emit(draft('notice', { message: change, code: 'launch_prepared' }));
    }
    let env: Record<string, string> = {};
    for (;;) {
      const launch = launchOf(this.options, this.args, this.adapterEnv, env);
      if (launch.command === null) {
        this.finished = true;
        return this.notInstalled(launch.configured);
      }
      const { outcome, observation } = await this.launchOnce({ ...launch, command: launch.command });
      const next = await this.nextLaunch(outcome, observation);
      if (!next) {
        this.finished = true;
        this.emitStatus(outcome.status, outcome.reason);
        return outcome;
      }
      this.args = next.args;
      if ('stdin' in next) this.stdin = next.stdin;
      env = { ...env, ...next.env };
    }
  }

  /**
   * Gives the worker new instructions (a person's answer to its question, a reviewer's findings). A
   * headless CLI cannot read input mid-run, so its current run is ended and the CLI is relaunched on its own
   * conversation (resume flag and session id) with the message as the prompt.
   */
  async redirect(message: string): Promise<void> {
    this.redirectPrompt = message;
    if (this.paused) {
      this.paused = false;
      const pid = this.process?.pid;
      if (pid !== null && pid !== undefined) signalGroup(pid, 'SIGCONT');
    }
    this.wake?.();
    await this.process?.stop();
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    this.wake?.();
    await this.process?.stop();
  }

  /** Suspends the whole process group at once; resume continues it where it was. */
  pause(): boolean {
    const pid = this.process?.pid;
    if (pid === null || pid === undefined || this.paused) return false;
    this.paused = signalGroup(pid, 'SIGSTOP');
    this.watch?.setPaused(this.paused);
    if (this.paused) this.emitStatus('paused');
    return this.paused;
  }

  /** Continues a paused worker; one whose process is gone meanwhile is relaunched with its CLI's resume. */
  resume(): boolean {
    if (!this.paused) return false;
    if (this.wake) {
      this.paused = false;
      this.wake();
      return true;
    }
    const pid = this.process?.pid;
    if (pid === null || pid === undefined) return false;
    this.paused = !signalGroup(pid, 'SIGCONT');
    this.watch?.setPaused(this.paused);
    if (!this.paused) this.emitStatus('running');
    return !this.paused;
  }

  private async launchOnce(
    launch: Launch & { command: string },
  ): Promise<{ outcome: WorkerOutcome; observation: RunObservation }> {
    const { options } = this;
    this.attempt = { lastResult: null, lastFatal: null, events: [] };
    this.limitHit = null;
    this.liveFailure = null;
    const emit = (d: EventDraft) => {
      const event = options.emit(d.type === 'file_change' ? relativeToWorktree(d, options.cwd) : d);
      if (event) this.observe(event);
      options.inspect?.(d);
    };
    const argv = [...launch.prefix, ...launch.args];
    const process = new WorkerProcess(
      {
        command: launch.command,
        args: argv,
        cwd: options.cwd,
        env: { ...launch.env, ...options.markerEnv },
        ...(this.stdin !== undefined ? { input: this.stdin } : {}),
      },
      {
        files: options.files,
        parser: options.adapter.createParser(),
        emit,
        onActivity: () => this.watch?.activity(),
        onStderr: () => this.watchLive(),
        ...(options.redact ? { redact: options.redact } : {}),
        ...(options.limits.maxLineChars ? { maxLineChars: options.limits.maxLineChars } : {}),
      },
    );
    this.process = process;
    this.emitStatus('starting');
    const pid = process.start();
    if (pid !== null) {
      this.watch = new LimitsWatch(pid, options.limits, (hit) => void this.onLimit(hit));
      this.watch.start();
    }
    options.emit(
      draft('worker_started', {
        agent: options.agent,
        command: launch.command,
        args: argv,
        cwd: options.cwd,
        pid,
        demo: options.demo,
        branch: options.branch,
      }),
    );
    if (pid !== null) this.emitStatus('running');
    const exit = await process.exited;
    this.watch?.stop();
    options.emit(
      draft('worker_exited', { exitCode: exit.exitCode, signal: exit.signal, durationMs: exit.durationMs }),
    );
    return {
      outcome: this.judge(exit, launch.command),
      observation: {
        agent: options.agent,
        format: options.adapter.format,
        args: launch.args,
        cwd: options.cwd,
        exitCode: exit.exitCode,
        signal: exit.signal,
        stderr: process.stderrTail,
        events: this.attempt.events,
        isRoot: globalThis.process.getuid?.() === 0,
        readOnly: options.mode !== 'work',
      },
    };
  }

  /** The next launch, if any: new instructions, the resume of a vanished paused process, or a recovery. */
  private async nextLaunch(
    outcome: WorkerOutcome,
    observation: RunObservation,
  ): Promise<{ args: string[]; env: Record<string, string>; stdin?: string | undefined } | null> {
    if (this.stopRequested) return null;
    if (this.redirectPrompt !== null) {
      const prompt = this.redirectPrompt;
      this.redirectPrompt = null;
      this.emitStatus('starting', 'relaunched with new instructions');
      this.message = prompt;
      return { ...this.continuation(prompt), env: {} };
    }
    if (this.paused) {
      // Paused, and the process died meanwhile (killed, machine asleep): wait for the person's resume.
      this.emitStatus('paused', 'its process ended while paused; resume relaunches it where it left off');
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
      if (this.stopRequested) return null;
      return { ...this.continuation(null), env: {} };
    }
    if (outcome.status === 'completed' || outcome.status === 'setup_required' || this.limitHit) return null;
    const failure = this.liveFailure ?? classify(observation);
    if (!failure) return null;
    this.causes.note(failure);
    const resumed = resumedIn(observation.format, observation.args);
    if (failure.errorClass === 'resume_not_found' && resumed) this.sessions.reportMissing(resumed);
    const action = planRecovery(
      failure,
      { ...observation, resumableRefs: this.sessions.list() },
      this.recoveries,
      this.options.maxRecoveries,
    );
    if (action.kind === 'none') return null;
    if (action.kind === 'setup_required' || action.kind === 'escalate') {
      this.options.emit(draft('recovery_action', { action }));
      outcome.status = action.kind === 'setup_required' ? 'setup_required' : 'failed';
      outcome.reason = this.causes.finalReason(action, failure);
      return null;
    }
    this.recoveries = action.attempt;
    // A resumed conversation that cannot go on: the fresh one gets the task again, not "continue".
    const fresh =
      !action.resume && resumed !== null
        ? relaunchArgs(this.options, action.after ?? this.args, null, this.contextPrompt())
        : null;
    const args = fresh?.args ?? action.after ?? this.args;
    const delayMs = Math.min(action.delayMs ?? 0, this.options.maxBackoffSec * 1000);
    // The log says what is really done: the wait after the cap of limits.maxBackoffSec, the argv launched.
    const done = { ...action, after: args, ...(action.delayMs !== undefined ? { delayMs } : {}) };
    this.options.emit(draft('recovery_action', { action: done }));
    if (delayMs > 0) {
      const session = action.resume ? 'resuming its session' : 'in a fresh session';
      const plan = `retry ${action.attempt} of ${this.options.maxRecoveries} in ${Math.max(1, Math.round(delayMs / 1000))} s, ${session}`;
      this.emitStatus(waitingStatus(action.kind, failure.errorClass), `${plan}: ${action.reason}`);
      await this.sleep(delayMs);
      if (this.stopRequested) return null;
    } else {
      this.emitStatus('recovering', action.reason);
    }
    return { args, env: action.env, ...(fresh ? { stdin: fresh.stdin } : {}) };
  }

  /**
   * The argv that goes on with the worker's conversation, given `message` (null: continue): the CLI session
   * resumed when it is known to exist, else a fresh one given the task and the message.
   */
  private continuation(message: string | null): { args: string[]; stdin?: string | undefined } {
    const ref = this.sessions.resumableOrNull(this.sessionRef);
    const { args, stdin } =
      ref !== null
        ? relaunchArgs(this.options, this.args, ref, message ?? CONTINUE_PROMPT)
        : relaunchArgs(this.options, this.args, null, this.contextPrompt());
    // stdin named even when undefined: a short prompt replaces a long one the last launch had on stdin.
    return { args, stdin };
  }

  /** What a fresh conversation needs to know: the worker's task, then what it was told since. */
  private contextPrompt(): string {
    const { prompt } = this.options;
    const message = this.message;
    if (message === null || message === prompt) return prompt;
    return `${prompt}\n\n${LATER_MESSAGE_INTRO}\n${message}`;
  }

  /** Failures a CLI never ends by itself (codex waiting for network forever): end the run, then recover. */
  private watchLive(): void {
    if (this.liveFailure || !this.process) return;
    const found = classifyLive(this.options.adapter.format, this.process.stderrTail, this.attempt.events);
    if (!found) return;
    this.liveFailure = found;
    this.options.emit(draft('error', { message: found.message, fatal: true, code: found.id }));
    void this.process.stop();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  /** A limit crossed: say so with the figure, then stop the worker. */
  private async onLimit(hit: LimitHit): Promise<void> {
    this.limitHit = hit;
    this.options.emit(draft('error', { message: hit.message, fatal: true, code: `limit_${hit.limit}` }));
    this.options.emit(draft('control', { command: 'stop', by: 'limit' }));
    await this.process?.stop();
  }

  /** A CLI that is not there is a setup problem with a fix to name, not a failed run to retry. */
  private notInstalled(command: string): WorkerOutcome {
    const { agent } = this.options;
    const install = isBuiltinAgent(agent)
      ? `install it with \`${SETUP_HINTS[agent].install}\``
      : 'install it';
    const reason = `${command} not found on PATH: ${install}, or set agents.${agent}.command to its path`;
    this.emitStatus('setup_required', reason);
    return {
      status: 'setup_required',
      reason,
      exit: { exitCode: null, signal: null, durationMs: 0, spawnError: 'not found' },
    };
  }

  private emitStatus(status: WorkerStatus, reason?: string): void {
    this.options.emit(draft('worker_status', { status, ...(reason ? { reason } : {}) }));
  }

  private observe(event: Event): void {
    if (event.type === 'result') this.attempt.lastResult = { ok: event.payload.ok };
    else if (event.type === 'error' && event.payload.fatal) this.attempt.lastFatal = event.payload.message;
    else if (event.type === 'session_ref') this.sessionRef = event.payload.ref;
    this.sessions.observe(event);
    if (KEPT_FOR_CLASSIFYING.has(event.type)) {
      const kept = this.attempt.events;
      kept.push(event);
      // Trimmed in steps, not per event: the middle of a long run goes, its start and its end stay.
      if (kept.length > MAX_KEPT_EVENTS * 1.5) kept.splice(KEPT_FIRST_EVENTS, kept.length - MAX_KEPT_EVENTS);
    }
    if (event.type === 'error') this.watchLive();
  }

  private judge(exit: WorkerExit, command: string): WorkerOutcome {
    if (exit.spawnError) {
      return {
        status: 'setup_required',
        reason: `${command} could not be started (${exit.spawnError}); install it or set agents.${this.options.agent}.command`,
        exit,
      };
    }
    if (this.stopRequested) return { status: 'stopped', reason: 'stopped on request', exit };
    if (this.limitHit) return { status: 'failed', reason: `stopped: ${this.limitHit.message}`, exit };
    const { lastResult, lastFatal } = this.attempt;
    if (exit.exitCode === 0 && lastResult?.ok) return { status: 'completed', exit };
    const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.exitCode}`;
    const why =
      lastFatal ?? (lastResult ? 'the agent reported an error' : 'the agent ended without a result');
    return { status: 'failed', reason: `${why} (${how})`, exit };
  }
}

/** What a worker waits in before a retry: a rate limit and a provider's failure are told apart. */
function waitingStatus(kind: RecoveryAction['kind'], errorClass: ErrorClass): WorkerStatus {
  if (kind !== 'backoff') return 'recovering';
  if (errorClass === 'rate_limited' || errorClass === 'quota_exceeded') return 'rate_limited';
  if (SERVER_SIDE.has(errorClass)) return 'server_error';
  return 'recovering';
}

const SERVER_SIDE: ReadonlySet<ErrorClass> = new Set([
  'server_error',
  'overloaded',
  'stream_interrupted',
  'empty_response',
]);

/**
 * claude and codex report absolute paths, gemini relative ones; one worktree-relative form lets the UI,
 * the summary and the reviewers' diffs name the same file the same way. Paths outside stay absolute.
 */
function relativeToWorktree(d: EventDraft<'file_change'>, cwd: string): EventDraft<'file_change'> {
  if (!isAbsolute(d.payload.path)) return d;
  const rel = relative(cwd, d.payload.path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return d;
  return { ...d, payload: { ...d.payload, path: rel.split(sep).join('/') } };
}
