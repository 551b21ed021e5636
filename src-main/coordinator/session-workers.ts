import type { Event, EventDraft } from '../../src-shared/models';
import type { Redactor } from '../security';
import type { SessionFolder } from '../store/session-folder';
import { SESSION_ENV } from '../workers/sweep';
import { WorkerRun } from './run-worker';
import type { SessionSecurity } from './session-security';
import type { SessionOptions, WorkerLaunchSpec } from './session-types';

export interface SessionWorkersOptions {
  options: SessionOptions;
  store: SessionFolder;
  redact: Redactor;
  security: SessionSecurity;
  emit: (d: EventDraft, workerId: string) => Event | null;
  /** True when nothing could be recorded of a launch (the session folder failed): nothing is launched. */
  blocked: () => boolean;
}

/**
 * The runs of a session's workers: each launched as a supervised WorkerRun with its guard, and followed
 * until it ends, when its worktree is checked before its work is diffed, reviewed or summarised.
 */
export class SessionWorkers {
  private readonly runs = new Map<string, WorkerRun>();
  private readonly active = new Set<Promise<unknown>>();

  constructor(private readonly deps: SessionWorkersOptions) {}

  /** Launches one worker run (a new one replaces the worker's ended run). */
  start(spec: WorkerLaunchSpec): void {
    if (this.deps.blocked()) return;
    const { options, security } = this.deps;
    const { agent } = spec;
    const run = new WorkerRun({
      workerId: agent.workerId,
      agent: agent.agent,
      adapter: agent.adapter,
      config: options.config.agents[agent.agent],
      demo: options.demo,
      cwd: spec.cwd,
      branch: spec.branch,
      prompt: spec.prompt,
      resumeRef: spec.resumeRef,
      resumePrompt: spec.message,
      mode: 'work',
      files: this.deps.store.workerFiles(agent.workerId),
      pathEnv: options.pathEnv,
      markerEnv: { [SESSION_ENV]: options.sessionId },
      limits: options.config.limits,
      maxRecoveries: options.config.limits.maxRecoveries,
      maxBackoffSec: options.config.limits.maxBackoffSec,
      inGitRepo: options.baseCommit !== null,
      redact: this.deps.redact,
      inspect: security.guardFor(agent.workerId, spec.cwd),
      emit: (d) => this.deps.emit(d, agent.workerId),
    });
    this.runs.set(agent.workerId, run);
    const running: Promise<unknown> = run
      .run()
      .finally(() => security.checkWorktree(agent.workerId))
      .finally(() => this.active.delete(running));
    this.active.add(running);
  }

  /** The worker's latest run, if it was ever launched here. */
  get(workerId: string): WorkerRun | undefined {
    return this.runs.get(workerId);
  }

  /** Each worker's latest run, with its worker id. */
  entries(): IterableIterator<[string, WorkerRun]> {
    return this.runs.entries();
  }

  /** Some worker run has not ended yet. */
  get busy(): boolean {
    return this.active.size > 0;
  }

  /** Resolves once no run is at work, runs launched meanwhile included. */
  async ended(): Promise<void> {
    while (this.active.size > 0) await Promise.all([...this.active]);
  }

  /** Resolves once every run now at work has ended, however it ended. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.active]);
  }

  /** Stops every run (one: its worker's), process groups and all. */
  async stop(workerId?: string): Promise<void> {
    const targets = workerId === undefined ? [...this.runs.values()] : [this.runs.get(workerId)];
    await Promise.all(targets.map((r) => r?.stop()));
  }
}
