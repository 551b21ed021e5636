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
import { buildLaunch, type Launch, type LaunchPlan } from './launch-command';

/** What one launch left behind, for the recovery engine to classify. */
export interface AttemptRecord {
  args: readonly string[];
  exit: WorkerExit;
  stderr: readonly string[];
  /** The run's events that matter for classification (errors, results, tool failures, refs). */
  events: readonly Event[];
}

/** Decides, from a launch that did not complete, whether and how to launch again. */
export type RecoveryPlanner = (record: AttemptRecord, recoveriesSoFar: number) => RecoveryAction | null;

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
  recover?: RecoveryPlanner;
  /** Edits an argv as a recovery action says (adds and removes flags where the CLI expects them). */
  applyArgs?: (args: string[], action: RecoveryAction) => string[];
}

export interface WorkerOutcome {
  status: WorkerStatus;
  reason?: string;
  exit: WorkerExit;
}

/** What a relaunched CLI is told when it continues its own earlier conversation. */
export const CONTINUE_PROMPT =
  'Continue the task where you left off. Check the state of your working directory first; do not redo finished steps.';

const KEPT_FOR_CLASSIFYING = new Set<Event['type']>([
  'error',
  'result',
  'tool_result',
  'session_ref',
  'turn',
  'command',
]);
const MAX_KEPT_EVENTS = 2000;

/**
 * One worker from its first launch to its final status. Each launch runs the CLI's headless command (or
 * the demo agent's, which takes the same argv) supervised, under the limits; completed / failed /
 * setup_required / stopped is judged from the exit and from what the CLI itself reported — an exit code
 * of 0 alone is not success (gemini). A launch that ends otherwise goes to the recovery planner, whose
 * action (relaunch with changes, back off and resume) starts the next launch; so does the person's
 * resume of a paused worker whose process has meanwhile disappeared.
 */
export class WorkerRun {
  private process: WorkerProcess | null = null;
  private stopRequested = false;
  private redirectPrompt: string | null = null;
  private paused = false;
  private watch: LimitsWatch | null = null;
  private limitHit: LimitHit | null = null;
  private sessionRef: string | null;
  private recoveries = 0;
  private wake: (() => void) | null = null;
  private attempt = {
    lastResult: null as { ok: boolean } | null,
    lastFatal: null as string | null,
    events: [] as Event[],
  };

  constructor(private readonly options: WorkerRunOptions) {
    this.sessionRef = options.resumeRef ?? null;
  }

  async run(): Promise<WorkerOutcome> {
    let plan: LaunchPlan = {
      prompt: this.sessionRef ? CONTINUE_PROMPT : this.options.prompt,
      resumeRef: this.sessionRef,
      addArgs: [],
      removeArgs: [],
      env: {},
    };
    let recovery: RecoveryAction | null = null;
    for (;;) {
      const launch = buildLaunch(this.options, plan, (args) =>
        recovery && this.options.applyArgs ? this.options.applyArgs(args, recovery) : args,
      );
      if (launch.command === null) return this.notInstalled(launch.configured);
      const { outcome, record } = await this.launchOnce({ ...launch, command: launch.command });
      const next = await this.nextPlan(outcome, record, plan);
      if (!next) {
        this.emitStatus(outcome.status, outcome.reason);
        return outcome;
      }
      ({ plan, recovery } = next);
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
  ): Promise<{ outcome: WorkerOutcome; record: AttemptRecord }> {
    const { options } = this;
    this.attempt = { lastResult: null, lastFatal: null, events: [] };
    this.limitHit = null;
    const emit = (d: EventDraft) => {
      const event = options.emit(d.type === 'file_change' ? relativeToWorktree(d, options.cwd) : d);
      if (event) this.observe(event);
    };
    const process = new WorkerProcess(
      {
        command: launch.command,
        args: launch.args,
        cwd: options.cwd,
        env: { ...launch.env, ...options.markerEnv },
      },
      {
        files: options.files,
        parser: options.adapter.createParser(),
        emit,
        onActivity: () => this.watch?.activity(),
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
        args: launch.args,
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
      record: { args: launch.args, exit, stderr: process.stderrTail, events: this.attempt.events },
    };
  }

  /** The next launch, if any: the person's resume of a vanished paused process, or a recovery action. */
  private async nextPlan(
    outcome: WorkerOutcome,
    record: AttemptRecord,
    plan: LaunchPlan,
  ): Promise<{ plan: LaunchPlan; recovery: RecoveryAction | null } | null> {
    if (this.stopRequested) return null;
    if (this.redirectPrompt !== null) {
      const prompt = this.redirectPrompt;
      this.redirectPrompt = null;
      this.emitStatus('starting', 'relaunched with new instructions');
      return { plan: { ...plan, prompt, resumeRef: this.sessionRef }, recovery: null };
    }
    if (outcome.status === 'completed') return null;
    if (this.paused) {
      // Paused, and the process died meanwhile (killed, machine asleep): wait for the person's resume.
      this.emitStatus('paused', 'its process ended while paused; resume relaunches it where it left off');
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
      if (this.stopRequested) return null;
      return {
        plan: {
          ...plan,
          prompt: this.sessionRef ? CONTINUE_PROMPT : plan.prompt,
          resumeRef: this.sessionRef,
        },
        recovery: null,
      };
    }
    const action = this.options.recover?.(record, this.recoveries) ?? null;
    if (!action || action.kind === 'none') return null;
    const before = [this.options.adapter.name, ...record.args];
    if (action.kind === 'setup_required' || action.kind === 'escalate') {
      this.options.emit(draft('recovery_action', { action: { ...action, before } }));
      outcome.status = action.kind === 'setup_required' ? 'setup_required' : 'failed';
      outcome.reason = action.hint ? `${action.reason}: ${action.hint}` : action.reason;
      return null;
    }
    this.recoveries += 1;
    const resumeRef = action.resume ? this.sessionRef : null;
    const next: LaunchPlan = {
      prompt: resumeRef ? CONTINUE_PROMPT : this.options.prompt,
      resumeRef,
      addArgs: [],
      removeArgs: [],
      env: { ...plan.env, ...action.env },
    };
    const after = buildLaunch(this.options, next, (args) =>
      this.options.applyArgs ? this.options.applyArgs(args, action) : args,
    );
    this.options.emit(
      draft('recovery_action', {
        action: { ...action, before, after: [this.options.adapter.name, ...after.args] },
      }),
    );
    if (action.delayMs && action.delayMs > 0) {
      this.emitStatus(
        action.kind === 'backoff' ? 'rate_limited' : 'recovering',
        `retry in ${Math.round(action.delayMs / 1000)} s: ${action.reason}`,
      );
      await this.sleep(action.delayMs);
      if (this.stopRequested) return null;
    } else {
      this.emitStatus('recovering', action.reason);
    }
    return { plan: next, recovery: action };
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
    if (KEPT_FOR_CLASSIFYING.has(event.type) && this.attempt.events.length < MAX_KEPT_EVENTS)
      this.attempt.events.push(event);
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
