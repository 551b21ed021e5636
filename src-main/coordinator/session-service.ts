import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  OpenDecision,
  OrchestratorConfig,
  SessionState,
  SessionStatus,
  TaskBreakdown,
} from '../../src-shared/models';
import {
  normalizeDecide,
  type DecideRequest,
  type PlanPreview,
  type PlanSessionRequest,
  type SessionListItem,
  type StartSessionRequest,
} from '../../src-shared/commands';
import { findNul, NUL_REFUSAL } from '../../src-shared/models';
import { loadConfig } from '../config/load-config';
import { resolvedPath } from '../setup/login-path';
import type { BatchListener, ReadyCheck } from '../store/event-hub';
import { sessionFolder } from '../store/paths';
import { readRawPage, searchRawLog, type RawPage, type RawSearch } from '../store/raw-log';
import {
  readLogPage,
  searchLog,
  streamStoredEvents,
  warmSessionLogs,
  type LogPage,
  type LogSearch,
} from '../store/session-logs';
import { WorktreeTampered } from '../workspace/git';
import { worktreeDiff, type WorktreeDiff } from '../workspace/worktree-diff';
import { workerCheckout } from './worker-checkout';
import { recoverWorkspace, type InterruptedSession } from '../store/recover-workspace';
import { replayState } from '../../src-shared/state/reduce-session';
import { readEvents } from '../store/session-folder';
import { listSessionStates, loadSession } from '../store/session-index';
import { refuseWorkspaceInRepo } from './check-workspace';
import { UserInputError } from './errors';
import { planTask } from './planner/plan-task';
import { Session, type ResumeChoice, type SessionAgent } from './session';
import { checkDecision } from './check-decision';
import { mergeSessionWorker, workerWorktreePath, type WorkerMerge } from './merge-worker';
import { sessionOutcomes } from './session-outcomes';
import type { SessionOutcomes } from '../../src-shared/ipc/contract';
import { stopStoredSession } from './stop-stored';
import { newSessionId } from './session-id';
import { sessionSpend } from '../../src-shared/state/spend';
import { templatePlan } from './template-plan';
import { resolveAgents, validateRequest } from './validate-request';

export type { StartSessionRequest } from '../../src-shared/commands';

export interface SessionServiceOptions {
  workspace: string;
  configPath?: string;
  /** An already loaded config; wins over configPath. */
  config?: OrchestratorConfig;
  /**
   * How reloadConfig() reads the config again (the app: its settings file, defaults when it is broken).
   * Default: configPath (or the app's config file) when no config was given; else reloading keeps it.
   */
  readConfig?: () => OrchestratorConfig;
  /**
   * A person watches (the app, the dashboard): a PAUSE_AND_CLARIFY decision pauses the worker and waits
   * for an answer. Headless (default), the session ends paused instead.
   */
  interactive?: boolean;
}

interface Running {
  session: Session;
  done: Promise<SessionStatus>;
}

/** The core's one entry point for the desktop app, the CLI and the HTTP API: start, watch, control. */
export class SessionService {
  readonly workspace: string;
  /** The config of the next session; a running one keeps the config it started with. */
  private config: OrchestratorConfig;
  private readonly readConfig: (() => OrchestratorConfig) | null;
  private readonly interactive: boolean;
  private readonly running = new Map<string, Running>();
  /** Plan previews under way, cancelled by stopAll. */
  private readonly previews = new Set<AbortController>();
  /** Sessions found orphaned by a crashed earlier run and marked interrupted when this service started. */
  readonly interrupted: InterruptedSession[];

  constructor(options: SessionServiceOptions) {
    this.workspace = options.workspace;
    const { configPath } = options;
    this.readConfig =
      options.readConfig ?? (options.config && !configPath ? null : () => loadConfig(configPath));
    this.config = options.config ?? this.readConfig!();
    this.interactive = options.interactive ?? false;
    this.interrupted = recoverWorkspace(this.workspace);
  }

  /**
   * Takes the config given, or reads it again, for every session started (or planned) from now on, so saved
   * settings apply without a restart; running sessions keep theirs. A bad file throws and changes nothing.
   */
  reloadConfig(config?: OrchestratorConfig): OrchestratorConfig {
    if (config) this.config = config;
    else if (this.readConfig) this.config = this.readConfig();
    return this.config;
  }

  /**
   * Continues a stored session that did not complete: its unfinished workers resume where they were. With
   * a choice, the person's answer (or "continue") on one open decision is carried out first; without one,
   * every open decision is continued.
   */
  async resume(sessionId: string, choice?: ResumeChoice): Promise<{ sessionId: string; folder: string }> {
    if (this.running.has(sessionId))
      throw new UserInputError(`session ${sessionId} is already running`, 'running');
    const stored = loadSession(this.workspace, sessionId);
    if (!stored) throw new UserInputError(`no session ${sessionId}`, 'not_found');
    if (!RESUMABLE.has(stored.state.status) && !(choice && stored.state.status === 'escalated')) {
      throw new UserInputError(
        `session ${sessionId} is ${stored.state.status}; only an unfinished session can be resumed`,
        'not_resumable',
      );
    }
    const { state, folder } = stored;
    const agents = resolveAgents(
      state.workers.map((w) => w.agent),
      this.config,
    );
    const { events, damaged } = readEvents(folder);
    const folded = replayState(state, events);
    const pathEnv = await resolvedPath();
    const session = new Session(
      {
        sessionId,
        task: state.task,
        repo: state.repo,
        baseCommit: state.baseCommit,
        agents,
        demo: state.demo,
        folder,
        config: this.config,
        pathEnv,
        interactive: this.interactive,
      },
      { events, state: folded, damagedLines: damaged, ...(choice ? { choice } : {}) },
    );
    const done = runIsolated(session).finally(() => this.running.delete(sessionId));
    this.running.set(sessionId, { session, done });
    return { sessionId, folder };
  }

  /** Validates, then starts the session in the background. Throws UserInputError with nothing started. */
  async start(request: StartSessionRequest): Promise<{ sessionId: string; folder: string }> {
    const config = this.config;
    const valid = await validateRequest(request, config);
    refuseWorkspaceInRepo(this.workspace, valid.repo);
    const plan = request.breakdown ? checkBreakdown(request.breakdown, valid.agents) : undefined;
    let sessionId = newSessionId();
    while (existsSync(sessionFolder(this.workspace, sessionId))) sessionId = newSessionId();
    const folder = sessionFolder(this.workspace, sessionId);
    const pathEnv = await resolvedPath();
    const session = new Session({
      ...valid,
      sessionId,
      folder,
      config,
      pathEnv,
      planMode: request.plan ?? 'agent',
      ...(plan ? { plan } : {}),
      review: request.review ?? true,
      interactive: this.interactive,
    });
    const done = runIsolated(session).finally(() => this.running.delete(sessionId));
    this.running.set(sessionId, { session, done });
    return { sessionId, folder };
  }

  /**
   * The plan a start of this request would make — the planner agent's, or the template split when it is
   * asked for or the planner fails (`fallback` says why) — without starting anything. Validates like start.
   */
  async plan(request: PlanSessionRequest, signal?: AbortSignal): Promise<PlanPreview> {
    const config = this.config;
    const valid = await validateRequest(request, config);
    const agents = valid.agents.map((a) => a.agent);
    if (request.plan === 'template')
      return { breakdown: templatePlan(valid.task, agents), planner: null, fallback: null };
    const cancel = new AbortController();
    const onAbort = () => cancel.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) cancel.abort();
    this.previews.add(cancel);
    // The planner's raw output needs a folder; a preview has no session folder, so it is kept only meanwhile.
    const folder = mkdtempSync(join(tmpdir(), 'orchestrator-plan-'));
    try {
      const result = await planTask({
        task: valid.task,
        agents,
        repo: valid.repo,
        baseCommit: valid.baseCommit,
        sessionFolder: folder,
        planner: config.planner,
        agentConfigs: config.agents,
        demo: valid.demo,
        pathEnv: await resolvedPath(),
        signal: cancel.signal,
      });
      return { breakdown: result.breakdown, planner: config.planner, fallback: result.error ?? null };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.previews.delete(cancel);
      rmSync(folder, { recursive: true, force: true });
    }
  }

  /** Resolves with the final status of a session started here. */
  done(sessionId: string): Promise<SessionStatus> {
    const running = this.running.get(sessionId);
    if (running) return running.done;
    const stored = loadSession(this.workspace, sessionId);
    if (!stored) return Promise.reject(new UserInputError(`no session ${sessionId}`, 'not_found'));
    return Promise.resolve(stored.state.status);
  }

  session(sessionId: string): Session | undefined {
    return this.running.get(sessionId)?.session;
  }

  /** This service runs the session now. */
  isRunning(sessionId: string): boolean {
    return this.running.has(sessionId);
  }

  /** The config the next session started (or planned, or doctor) uses. */
  get nextConfig(): OrchestratorConfig {
    return this.config;
  }

  list(): SessionListItem[] {
    const items = new Map<string, SessionListItem>();
    for (const { session } of this.running.values()) items.set(session.id, toItem(session.state));
    for (const state of listSessionStates(this.workspace)) {
      if (!items.has(state.sessionId)) items.set(state.sessionId, toItem(state));
    }
    return [...items.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  state(sessionId: string): SessionState | null {
    return (
      this.running.get(sessionId)?.session.state ?? loadSession(this.workspace, sessionId)?.state ?? null
    );
  }

  /**
   * Every event with seq > afterSeq, then the live ones; a stored session delivers its log once. A running
   * session's batches come with their events' text (see EventHub's serialize). `ready`, when given, is asked
   * before each batch: false holds the subscriber until it is true again.
   */
  subscribe(sessionId: string, afterSeq: number, onBatch: BatchListener, ready?: ReadyCheck): () => void {
    const running = this.running.get(sessionId);
    if (running) return running.session.hub.subscribe(afterSeq, onBatch, ready);
    const stored = loadSession(this.workspace, sessionId);
    if (!stored) throw new UserInputError(`no session ${sessionId}`, 'not_found');
    // In batches, like a running session's hub: a long log never goes out as one huge message.
    return streamStoredEvents(stored.folder, afterSeq, onBatch, ready);
  }

  /** Indexes a session's logs in the background, so its log views open at once (see session-logs). */
  prepareLogs(sessionId: string): void {
    const state = this.state(sessionId);
    if (state)
      warmSessionLogs(
        state.folder,
        state.workers.map((w) => w.workerId),
      );
  }

  async control(
    sessionId: string,
    command: 'pause' | 'resume' | 'stop' | 'review',
    workerId?: string,
  ): Promise<void> {
    const running = this.running.get(sessionId);
    // Stop ends a session whatever its state: one that waits for a person with no process is ended on disk.
    if (!running && command === 'stop' && workerId === undefined) return this.stopStored(sessionId, null);
    if (!running) throw new UserInputError(`session ${sessionId} is not running`, 'not_running');
    if (workerId !== undefined && !running.session.state.workers.some((w) => w.workerId === workerId)) {
      throw new UserInputError(`session ${sessionId} has no worker ${workerId}`, 'not_found');
    }
    if (command === 'review') {
      if (workerId === undefined)
        throw new UserInputError('a review needs the worker to review', 'bad_input');
      running.session.requestReview(workerId);
    } else if (command === 'stop') await running.session.stop(workerId);
    else if (command === 'pause') running.session.pause(workerId);
    else await running.session.resume(workerId);
  }

  /**
   * A person's choice on an open decision, aimed at the worker the request names and checked against the
   * decision (see checkDecision). A running session carries it out at once; a stored one that waits
   * (headless, exit 4; or escalated) is continued with it (answered: that run's session), or ended.
   */
  async decide(request: DecideRequest): Promise<{ sessionId: string; folder: string } | null> {
    const decision = normalizeDecide(request);
    const { sessionId } = decision;
    const state = this.state(sessionId);
    if (!state) throw new UserInputError(`no session ${sessionId}`, 'not_found');
    let open = checkDecision(state, decision);
    let running = this.running.get(sessionId);
    if (running?.session.closing) {
      // Past its last launch, the session is writing its end: the choice goes to it once it is stored.
      await running.done;
      running = undefined;
      open = checkDecision(this.state(sessionId)!, decision);
    }
    if (running) {
      await running.session.decide(open, decision.choice, decision.answer);
      return null;
    }
    if (decision.choice === 'stop_session' || decision.choice === 'stop_worker') {
      this.stopStored(sessionId, open, decision.choice);
      return null;
    }
    return this.resume(sessionId, {
      decision: open!,
      choice: decision.choice,
      ...(decision.answer ? { answer: decision.answer } : {}),
    });
  }

  /** Ends a stored session that waits for a person (or one worker of it, with its decision). */
  private stopStored(
    sessionId: string,
    decision: OpenDecision | null,
    choice: 'stop_worker' | 'stop_session' = 'stop_session',
  ): void {
    const stored = loadSession(this.workspace, sessionId);
    if (!stored) throw new UserInputError(`no session ${sessionId}`, 'not_found');
    if (!STOPPABLE_STORED.has(stored.state.status))
      throw new UserInputError(`session ${sessionId} is not running`, 'not_running');
    stopStoredSession(stored.folder, stored.state, decision, choice);
  }

  /** A person's answer (or new instructions) for one worker of a running session. */
  async answer(sessionId: string, workerId: string, message: string): Promise<void> {
    const running = this.running.get(sessionId);
    if (!running) throw new UserInputError(`session ${sessionId} is not running`, 'not_running');
    if (message.trim() === '') throw new UserInputError('the answer is empty', 'bad_input');
    if (message.includes('\0')) throw new UserInputError(`the answer ${NUL_REFUSAL}`, 'bad_input');
    await running.session.redirect(workerId, message);
  }

  /** What a worker changed against the session's base commit (its worktree, committed or not). */
  async diff(sessionId: string, workerId: string): Promise<WorktreeDiff> {
    const state = this.state(sessionId);
    if (!state) throw new UserInputError(`no session ${sessionId}`, 'not_found');
    const worker = state.workers.find((w) => w.workerId === workerId);
    if (!worker) throw new UserInputError(`session ${sessionId} has no worker ${workerId}`, 'not_found');
    if (!state.baseCommit)
      throw new UserInputError(`session ${sessionId} did not run in a git repository`, 'no_git');
    try {
      return await worktreeDiff(workerCheckout(state.repo, worker), state.baseCommit);
    } catch (error) {
      if (!(error instanceof WorktreeTampered)) throw error;
      // Opening the diff is where a redirect may first show: the running session takes its decision.
      this.running.get(sessionId)?.session.reportTampered(workerId, error);
      throw new UserInputError(error.message, 'worktree_tampered');
    }
  }

  /** Each worker's work now: diffstat and a dry-run merge into the user's HEAD (the review & merge screen). */
  async outcomes(sessionId: string): Promise<SessionOutcomes> {
    return sessionOutcomes(this.requireState(sessionId));
  }

  /** Merges one worker's branch into the branch the session started from: the same merge as the CLI's. */
  async merge(sessionId: string, workerId: string): Promise<WorkerMerge> {
    return mergeSessionWorker(this.requireState(sessionId), workerId);
  }

  /** The folder of a worker's own worktree, checked to still be one: what the app may open for a person. */
  async worktreePath(sessionId: string, workerId: string): Promise<string> {
    return workerWorktreePath(this.requireState(sessionId), workerId);
  }

  /** A worker's branch name; refused for a worker that worked in place. */
  branchOf(sessionId: string, workerId: string): string {
    const worker = this.requireState(sessionId).workers.find((w) => w.workerId === workerId);
    if (!worker) throw new UserInputError(`session ${sessionId} has no worker ${workerId}`, 'not_found');
    if (worker.branch === null)
      throw new UserInputError(`${workerId} worked in place, without a branch of its own`, 'no_branch');
    return worker.branch;
  }

  private requireState(sessionId: string): SessionState {
    const state = this.state(sessionId);
    if (!state) throw new UserInputError(`no session ${sessionId}`, 'not_found');
    return state;
  }

  /** A page of a worker's raw output, exactly as the CLI printed it. */
  async rawLog(sessionId: string, workerId: string, from: number, count: number): Promise<RawPage> {
    return readRawPage(this.folderOf(sessionId), workerId, from, count);
  }

  /** The lines of a worker's raw output that contain the query, a page at a time. */
  async rawSearch(
    sessionId: string,
    workerId: string,
    query: string,
    from: number,
    limit: number,
  ): Promise<RawSearch> {
    return searchRawLog(this.folderOf(sessionId), workerId, query, from, limit);
  }

  /** A page of one log of events (a worker's, or with null the session's own), read back from disk. */
  async log(
    sessionId: string,
    workerId: string | null,
    type: string | null,
    from: number,
    count: number,
  ): Promise<LogPage> {
    return readLogPage(this.folderOf(sessionId), workerId, type, from, count);
  }

  /** The places in one log of events whose words contain the query, a page at a time. */
  async logSearch(
    sessionId: string,
    workerId: string | null,
    type: string | null,
    query: string,
    from: number,
    limit: number,
  ): Promise<LogSearch> {
    return searchLog(this.folderOf(sessionId), workerId, type, query, from, limit);
  }

  private folderOf(sessionId: string): string {
    const state = this.state(sessionId);
    if (!state) throw new UserInputError(`no session ${sessionId}`, 'not_found');
    return state.folder;
  }

  /**
   * The program is closing: stops every worker of every running session and waits until their sessions are
   * written. A session waiting for a person stays paused with its questions (Session.shutdown).
   */
  async stopAll(): Promise<void> {
    for (const preview of this.previews) preview.abort();
    const all = [...this.running.values()];
    await Promise.all(all.map((r) => r.session.shutdown()));
    await Promise.all(all.map((r) => r.done.catch(() => undefined)));
  }
}

/**
 * A plan made beforehand (an edited preview) must give each of the session's agents exactly one assignment
 * that says what to do; anything else is refused with what is wrong, before anything starts.
 */
function checkBreakdown(breakdown: TaskBreakdown, agents: readonly SessionAgent[]): TaskBreakdown {
  const nul = findNul(breakdown);
  if (nul !== null) throw new UserInputError(`the plan's ${nul} ${NUL_REFUSAL}`, 'bad_plan');
  const names = agents.map((a) => a.agent);
  const seen = new Set<string>();
  for (const assignment of breakdown.assignments) {
    const { agent } = assignment;
    if (!names.includes(agent)) {
      throw new UserInputError(
        `the plan has an assignment for ${agent}, which is not one of this session's agents (${names.join(', ')})`,
        'bad_plan',
      );
    }
    if (seen.has(agent)) throw new UserInputError(`the plan has two assignments for ${agent}`, 'bad_plan');
    seen.add(agent);
    if (assignment.title.trim() === '' || assignment.instructions.trim() === '') {
      throw new UserInputError(
        `the plan's assignment for ${agent} is empty: give it a title and say what to do`,
        'bad_plan',
      );
    }
  }
  const missing = names.filter((n) => !seen.has(n));
  if (missing.length > 0)
    throw new UserInputError(`the plan has no assignment for ${missing.join(', ')}`, 'bad_plan');
  return breakdown;
}

const RESUMABLE = new Set<SessionStatus>(['interrupted', 'stopped', 'failed', 'paused']);

/** A stored session that waits for a person, and which a stop therefore ends on disk. */
const STOPPABLE_STORED = new Set<SessionStatus>(['paused', 'escalated']);

const toItem = (state: SessionState): SessionListItem => ({
  sessionId: state.sessionId,
  task: state.task,
  repo: state.repo,
  status: state.status,
  startedAt: state.startedAt,
  demo: state.demo,
  spend: sessionSpend(state),
});

/**
 * A session's run as a promise that never rejects: whatever goes wrong inside one session ends it failed
 * and must never reach the process (an unhandled rejection would end `serve` and every other session).
 */
function runIsolated(session: Session): Promise<SessionStatus> {
  return session.run().catch(() => 'failed' as const);
}
