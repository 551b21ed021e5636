import type {
  Event,
  EventDraft,
  OrchestratorConfig,
  SessionState,
  SessionStatus,
  TaskBreakdown,
} from '../../src-shared/models';
import { draft } from '../../src-shared/models';
import { applyEvent, newWorkerState } from '../../src-shared/state/reduce-session';
import type { AgentAdapter } from '../agents/types';
import { EventHub } from '../store/event-hub';
import { workerFolder } from '../store/paths';
import { writeOwner, writeWorkerProcess } from '../store/process-record';
import { SessionFolder } from '../store/session-folder';
import { buildSummary, SummaryLog } from '../store/summary';
import { SESSION_ENV } from '../workers/sweep';
import { addWorktree } from '../workspace/worktrees';
import { formatTaskPrompt } from './prompts';
import { WorkerRun } from './run-worker';
import { templatePlan } from './template-plan';

export interface SessionAgent {
  workerId: string;
  agent: string;
  adapter: AgentAdapter;
}

export interface SessionOptions {
  sessionId: string;
  task: string;
  /** The repository's top level (or the directory itself when it is not a git repository). */
  repo: string;
  /** HEAD at start; null runs every worker in place (not a git repository). */
  baseCommit: string | null;
  agents: SessionAgent[];
  demo: boolean;
  folder: string;
  config: OrchestratorConfig;
  pathEnv: string;
}

/** A stored session to continue: its log so far, folded into state. */
export interface ResumeFrom {
  events: readonly Event[];
  state: SessionState;
}

const STATE_EVENTS = new Set<Event['type']>([
  'session_status',
  'worker_status',
  'worker_started',
  'worker_exited',
]);

interface WorkerLaunchSpec {
  agent: SessionAgent;
  cwd: string;
  branch: string | null;
  prompt: string;
  resumeRef: string | null;
}

/**
 * One session from start to summary: plan, isolate each worker in its own worktree, run the workers in
 * parallel, and keep the session folder (state, events, summary) current. Every change goes through the
 * hub as an event; the state is only ever derived from those events. A stored session can be continued:
 * its unfinished workers are relaunched in their worktrees with their CLI's resume.
 */
export class Session {
  readonly hub: EventHub;
  readonly store: SessionFolder;
  readonly state: SessionState;
  private readonly summaryLog = new SummaryLog();
  private readonly runs = new Map<string, WorkerRun>();
  private stopping = false;
  private finished = false;

  constructor(
    private readonly options: SessionOptions,
    private readonly resumeFrom?: ResumeFrom,
  ) {
    this.store = SessionFolder.create(options.folder);
    this.state = resumeFrom?.state ?? {
      sessionId: options.sessionId,
      task: options.task,
      repo: options.repo,
      folder: options.folder,
      status: 'pending',
      demo: options.demo,
      baseCommit: options.baseCommit,
      startedAt: new Date().toISOString(),
      endedAt: null,
      workers: options.agents.map((a) => newWorkerState(a.workerId, a.agent, options.repo, options.demo)),
    };
    for (const event of resumeFrom?.events ?? []) this.summaryLog.observe(event);
    this.hub = new EventHub({
      sessionId: options.sessionId,
      persist: (event) => this.onEvent(event),
      loadRange: (from, to) => this.store.loadRange(from, to),
    });
    if (resumeFrom) this.hub.resumeFrom(resumeFrom.events.at(-1)?.seq ?? 0);
    this.store.writeState(this.state);
    writeOwner(options.folder);
  }

  get id(): string {
    return this.options.sessionId;
  }

  emit(d: EventDraft, workerId?: string): Event | null {
    // After the summary is written the log is closed; a late control click must not reopen it.
    if (this.finished) return null;
    return this.hub.emit(d, workerId);
  }

  /** Runs the whole session; resolves with its final status once every worker has ended. */
  async run(): Promise<SessionStatus> {
    const runs = this.resumeFrom ? this.startResumed() : await this.startNew();
    await Promise.all(runs);
    const status = this.finalStatus();
    this.setStatus(status);
    this.finish();
    return status;
  }

  async stop(workerId?: string): Promise<void> {
    if (workerId === undefined) this.stopping = true;
    const targets =
      workerId === undefined ? [...this.runs.values()] : [this.runs.get(workerId)].filter((r) => r);
    this.emit(draft('control', { command: 'stop', by: 'user', ...(workerId ? { target: workerId } : {}) }));
    await Promise.all(targets.map((r) => r!.stop()));
  }

  pause(workerId?: string): void {
    this.emit(draft('control', { command: 'pause', by: 'user', ...(workerId ? { target: workerId } : {}) }));
    for (const [id, run] of this.runs) if (workerId === undefined || id === workerId) run.pause();
  }

  resume(workerId?: string): void {
    this.emit(draft('control', { command: 'resume', by: 'user', ...(workerId ? { target: workerId } : {}) }));
    for (const [id, run] of this.runs) if (workerId === undefined || id === workerId) run.resume();
  }

  /** New instructions for one worker: its run is ended and its CLI conversation relaunched with them. */
  async redirect(workerId: string, message: string): Promise<void> {
    const run = this.runs.get(workerId);
    if (!run) throw new Error(`no running worker ${workerId}`);
    this.emit(draft('control', { command: 'resume', by: 'user', target: workerId }));
    await run.redirect(message);
  }

  /** The summary as of now; also written to summary.json. */
  writeSummary(): void {
    this.store.writeSummary(buildSummary(this.state, this.summaryLog));
  }

  private async startNew(): Promise<Promise<unknown>[]> {
    const { options } = this;
    this.emit(
      draft('session_started', {
        task: options.task,
        repo: options.repo,
        agents: options.agents.map((a) => a.workerId),
        demo: options.demo,
        folder: options.folder,
      }),
    );
    this.setStatus('planning');
    const plan = templatePlan(
      options.task,
      options.agents.map((a) => a.agent),
    );
    this.emit(draft('plan', { breakdown: plan }));
    this.setStatus('running');
    if (options.baseCommit === null) {
      this.emit(
        draft('error', {
          message: `${options.repo} is not a git repository: the agents work in place, without worktrees`,
          fatal: false,
          code: 'not_a_git_repository',
        }),
      );
    }
    const runs: Promise<unknown>[] = [];
    for (const [index, agent] of options.agents.entries()) {
      if (this.stopping) break;
      const workspace = await this.prepareWorkspace(agent);
      // A stop that arrived while the worktree was being created must not be followed by a launch.
      if (this.stopping) break;
      if (workspace === null) continue;
      const { cwd, branch } = workspace;
      const prompt = formatTaskPrompt(plan, plan.assignments[index]!, cwd);
      runs.push(this.startWorker({ agent, cwd, branch, prompt, resumeRef: null }));
    }
    return runs;
  }

  /** Continues a stored session: every worker that had not completed, in its own worktree, resumed. */
  private startResumed(): Promise<unknown>[] {
    const { options } = this;
    const planEvent = this.resumeFrom?.events.find((e) => e.type === 'plan');
    const plan: TaskBreakdown =
      planEvent?.type === 'plan'
        ? planEvent.payload.breakdown
        : templatePlan(
            options.task,
            options.agents.map((a) => a.agent),
          );
    this.setStatus('running', 'resumed');
    const runs: Promise<unknown>[] = [];
    for (const worker of this.state.workers) {
      if (worker.status === 'completed') continue;
      const agent = options.agents.find((a) => a.workerId === worker.workerId);
      const assignment = plan.assignments.find((a) => a.agent === worker.agent);
      if (!agent || !assignment) continue;
      const prompt = formatTaskPrompt(plan, assignment, worker.cwd);
      runs.push(
        this.startWorker({
          agent,
          cwd: worker.cwd,
          branch: worker.branch,
          prompt,
          resumeRef: worker.sessionRef,
        }),
      );
    }
    return runs;
  }

  private startWorker(spec: WorkerLaunchSpec): Promise<unknown> {
    const { options } = this;
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
      mode: 'work',
      files: this.store.workerFiles(agent.workerId),
      pathEnv: options.pathEnv,
      markerEnv: { [SESSION_ENV]: options.sessionId },
      limits: options.config.limits,
      maxRecoveries: options.config.limits.maxRecoveries,
      maxBackoffSec: options.config.limits.maxBackoffSec,
      inGitRepo: options.baseCommit !== null,
      emit: (d) => this.emit(d, agent.workerId),
    });
    this.runs.set(agent.workerId, run);
    return run.run();
  }

  private async prepareWorkspace(
    agent: SessionAgent,
  ): Promise<{ cwd: string; branch: string | null } | null> {
    const { options } = this;
    if (options.baseCommit === null || !options.config.worktrees) return { cwd: options.repo, branch: null };
    try {
      const worktree = await addWorktree(
        options.repo,
        options.folder,
        options.sessionId,
        agent.workerId,
        options.baseCommit,
      );
      return { cwd: worktree.path, branch: worktree.branch };
    } catch (error) {
      this.emit(
        draft('error', { message: (error as Error).message, fatal: true, code: 'worktree_failed' }),
        agent.workerId,
      );
      this.emit(
        draft('worker_status', { status: 'failed', reason: 'its worktree could not be created' }),
        agent.workerId,
      );
      return null;
    }
  }

  private setStatus(status: SessionStatus, reason?: string): void {
    this.emit(draft('session_status', { status, ...(reason ? { reason } : {}) }));
  }

  private finalStatus(): SessionStatus {
    const statuses = this.state.workers.map((w) => w.status);
    if (this.stopping || statuses.includes('stopped')) return 'stopped';
    return statuses.every((s) => s === 'completed') ? 'completed' : 'failed';
  }

  private onEvent(event: Event): void {
    this.store.persistEvent(event);
    applyEvent(this.state, event);
    this.summaryLog.observe(event);
    if (STATE_EVENTS.has(event.type)) this.store.writeState(this.state);
    if (event.type === 'worker_started' && event.workerId && event.payload.pid !== null) {
      writeWorkerProcess(workerFolder(this.options.folder, event.workerId), event.payload.pid);
    }
  }

  private finish(): void {
    this.finished = true;
    this.store.writeState(this.state);
    this.writeSummary();
    this.hub.drain();
    this.store.close();
  }
}
