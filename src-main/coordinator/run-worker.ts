import { isAbsolute, relative, sep } from 'node:path';
import type { AgentConfig, Event, EventDraft, WorkerStatus } from '../../src-shared/models';
import { draft } from '../../src-shared/models';
import { demoLaunch } from '../agents/demo-agents';
import { isBuiltinAgent } from '../agents/registry';
import { SETUP_HINTS } from '../setup/agent-setup-hints';
import { findExecutable } from '../setup/find-executable';
import type { AgentAdapter, RunMode } from '../agents/types';
import type { WorkerFiles } from '../store/session-folder';
import { signalGroup } from '../workers/process-group';
import { LimitsWatch, type LimitHit, type WorkerLimits } from '../workers/limits-watch';
import { WorkerProcess, type WorkerExit } from '../workers/worker-process';

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
}

export interface WorkerOutcome {
  status: WorkerStatus;
  reason?: string;
  exit: WorkerExit;
}

/**
 * One worker from launch to its final status: builds the CLI's headless command (or the demo agent's, which
 * takes the same argv), runs it supervised, and decides completed / failed / setup_required / stopped
 * from the exit and from what the CLI itself reported — an exit code of 0 alone is not success (gemini).
 */
export class WorkerRun {
  private process: WorkerProcess | null = null;
  private stopRequested = false;
  private paused = false;
  private lastResult: { ok: boolean } | null = null;
  private lastFatal: string | null = null;
  private watch: LimitsWatch | null = null;
  private limitHit: LimitHit | null = null;

  constructor(private readonly options: WorkerRunOptions) {}

  async run(): Promise<WorkerOutcome> {
    const options = this.options;
    const { adapter, config } = options;
    const spec = adapter.buildCommand({
      prompt: options.prompt,
      cwd: options.cwd,
      mode: options.mode,
      model: config?.model ?? null,
      extraArgs: config?.args ?? [],
    });
    const configured = config?.command ?? adapter.defaultCommand;
    const launch = options.demo
      ? demoLaunch(adapter.name, spec.args)
      : { command: findExecutable(configured, options.pathEnv, options.cwd), args: spec.args, env: {} };
    if (launch.command === null) return this.notInstalled(configured);
    const env = { ...spec.env, ...launch.env, PATH: options.pathEnv, ...(config?.env ?? {}) };
    const parser = adapter.createParser();
    const emit = (d: EventDraft) => {
      const event = options.emit(d.type === 'file_change' ? relativeToWorktree(d, options.cwd) : d);
      if (event) this.observe(event);
    };
    this.process = new WorkerProcess(
      { command: launch.command, args: launch.args, cwd: options.cwd, env },
      { files: options.files, parser, emit, onActivity: () => this.watch?.activity() },
    );
    options.emit(draft('worker_status', { status: 'starting' }));
    const pid = this.process.start();
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
    if (pid !== null) options.emit(draft('worker_status', { status: 'running' }));
    const exit = await this.process.exited;
    this.watch?.stop();
    options.emit(
      draft('worker_exited', { exitCode: exit.exitCode, signal: exit.signal, durationMs: exit.durationMs }),
    );
    const outcome = this.judge(exit, launch.command);
    options.emit(
      draft('worker_status', {
        status: outcome.status,
        ...(outcome.reason ? { reason: outcome.reason } : {}),
      }),
    );
    return outcome;
  }

  /** A limit crossed: say so with the figure, then stop the worker. */
  private async onLimit(hit: LimitHit): Promise<void> {
    this.limitHit = hit;
    this.options.emit(draft('error', { message: hit.message, fatal: true, code: `limit_${hit.limit}` }));
    this.options.emit(draft('control', { command: 'stop', by: 'limit' }));
    await this.process?.stop();
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.process?.stop();
  }

  /** Suspends the whole process group at once; resume continues it where it was. */
  pause(): boolean {
    const pid = this.process?.pid;
    if (pid === null || pid === undefined || this.paused) return false;
    this.paused = signalGroup(pid, 'SIGSTOP');
    this.watch?.setPaused(this.paused);
    if (this.paused) this.options.emit(draft('worker_status', { status: 'paused' }));
    return this.paused;
  }

  resume(): boolean {
    const pid = this.process?.pid;
    if (pid === null || pid === undefined || !this.paused) return false;
    this.paused = !signalGroup(pid, 'SIGCONT');
    this.watch?.setPaused(this.paused);
    if (!this.paused) this.options.emit(draft('worker_status', { status: 'running' }));
    return !this.paused;
  }

  /** A CLI that is not there is a setup problem with a fix to name, not a failed run to retry. */
  private notInstalled(command: string): WorkerOutcome {
    const { agent } = this.options;
    const install = isBuiltinAgent(agent) ? `install it with \`${SETUP_HINTS[agent].install}\`` : 'install it';
    const reason = `${command} not found on PATH: ${install}, or set agents.${agent}.command to its path`;
    this.options.emit(draft('worker_status', { status: 'setup_required', reason }));
    return {
      status: 'setup_required',
      reason,
      exit: { exitCode: null, signal: null, durationMs: 0, spawnError: 'not found' },
    };
  }

  private observe(event: Event): void {
    if (event.type === 'result') this.lastResult = { ok: event.payload.ok };
    else if (event.type === 'error' && event.payload.fatal) this.lastFatal = event.payload.message;
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
    if (exit.exitCode === 0 && this.lastResult?.ok) return { status: 'completed', exit };
    const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.exitCode}`;
    const why =
      this.lastFatal ??
      (this.lastResult ? 'the agent reported an error' : 'the agent ended without a result');
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
