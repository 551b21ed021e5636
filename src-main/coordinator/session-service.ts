import { existsSync } from 'node:fs';
import type { Event, OrchestratorConfig, SessionState, SessionStatus } from '../../src-shared/models';
import { loadConfig } from '../config/load-config';
import { resolvedPath } from '../setup/login-path';
import { sessionFolder } from '../store/paths';
import { readRawPage, type RawPage } from '../store/raw-log';
import { worktreeDiff, type WorktreeDiff } from '../workspace/worktree-diff';
import { recoverWorkspace, type InterruptedSession } from '../store/recover-workspace';
import { replayState } from '../../src-shared/state/reduce-session';
import { readEvents } from '../store/session-folder';
import { listSessions, loadSession } from '../store/session-index';
import { UserInputError } from './errors';
import { Session } from './session';
import { newSessionId } from './session-id';
import { resolveAgents, validateRequest, type StartSessionRequest } from './validate-request';

export type { StartSessionRequest } from './validate-request';

export interface SessionListItem {
  sessionId: string;
  task: string;
  repo: string;
  status: SessionStatus;
  startedAt: string;
  demo: boolean;
}

export interface SessionServiceOptions {
  workspace: string;
  configPath?: string;
  /** An already loaded config; wins over configPath. */
  config?: OrchestratorConfig;
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
  private readonly config: OrchestratorConfig;
  private readonly interactive: boolean;
  private readonly running = new Map<string, Running>();
  /** Sessions found orphaned by a crashed earlier run and marked interrupted when this service started. */
  readonly interrupted: InterruptedSession[];

  constructor(options: SessionServiceOptions) {
    this.workspace = options.workspace;
    this.config = options.config ?? loadConfig(options.configPath);
    this.interactive = options.interactive ?? false;
    this.interrupted = recoverWorkspace(this.workspace);
  }

  /** Continues a stored session that did not complete: its unfinished workers resume where they were. */
  async resume(sessionId: string, answer?: string): Promise<{ sessionId: string; folder: string }> {
    if (this.running.has(sessionId))
      throw new UserInputError(`session ${sessionId} is already running`, 'running');
    const stored = loadSession(this.workspace, sessionId);
    if (!stored) throw new UserInputError(`no session ${sessionId}`, 'not_found');
    if (!RESUMABLE.has(stored.state.status)) {
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
    const events = readEvents(folder).events;
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
      { events, state: folded, ...(answer ? { answer } : {}) },
    );
    const done = session.run().finally(() => this.running.delete(sessionId));
    this.running.set(sessionId, { session, done });
    return { sessionId, folder };
  }

  /** Validates, then starts the session in the background. Throws UserInputError with nothing started. */
  async start(request: StartSessionRequest): Promise<{ sessionId: string; folder: string }> {
    const valid = await validateRequest(request, this.config);
    let sessionId = newSessionId();
    while (existsSync(sessionFolder(this.workspace, sessionId))) sessionId = newSessionId();
    const folder = sessionFolder(this.workspace, sessionId);
    const pathEnv = await resolvedPath();
    const session = new Session({
      ...valid,
      sessionId,
      folder,
      config: this.config,
      pathEnv,
      planMode: request.plan ?? 'agent',
      ...(request.breakdown ? { plan: request.breakdown } : {}),
      review: request.review ?? true,
      interactive: this.interactive,
    });
    const done = session.run().finally(() => this.running.delete(sessionId));
    this.running.set(sessionId, { session, done });
    return { sessionId, folder };
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

  list(): SessionListItem[] {
    const items = new Map<string, SessionListItem>();
    for (const { session } of this.running.values()) items.set(session.id, toItem(session.state));
    for (const stored of listSessions(this.workspace)) {
      if (!items.has(stored.state.sessionId)) items.set(stored.state.sessionId, toItem(stored.state));
    }
    return [...items.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  state(sessionId: string): SessionState | null {
    return (
      this.running.get(sessionId)?.session.state ?? loadSession(this.workspace, sessionId)?.state ?? null
    );
  }

  /** Every event with seq > afterSeq, then the live ones; a stored session delivers its log once. */
  subscribe(sessionId: string, afterSeq: number, onBatch: (events: Event[]) => void): () => void {
    const running = this.running.get(sessionId);
    if (running) return running.session.hub.subscribe(afterSeq, onBatch);
    const stored = loadSession(this.workspace, sessionId);
    if (!stored) throw new UserInputError(`no session ${sessionId}`, 'not_found');
    let active = true;
    setImmediate(() => {
      const events = readEvents(stored.folder).events.filter((e) => e.seq > afterSeq);
      if (active && events.length > 0) onBatch(events);
    });
    return () => {
      active = false;
    };
  }

  async control(
    sessionId: string,
    command: 'pause' | 'resume' | 'stop' | 'review',
    workerId?: string,
  ): Promise<void> {
    const running = this.running.get(sessionId);
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
    else running.session.resume(workerId);
  }

  /** A person's answer (or new instructions) for one worker of a running session. */
  async answer(sessionId: string, workerId: string, message: string): Promise<void> {
    const running = this.running.get(sessionId);
    if (!running) throw new UserInputError(`session ${sessionId} is not running`, 'not_running');
    if (message.trim() === '') throw new UserInputError('the answer is empty', 'bad_input');
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
    return worktreeDiff(worker.cwd, state.baseCommit);
  }

  /** A page of a worker's raw output, exactly as the CLI printed it. */
  rawLog(sessionId: string, workerId: string, from: number, count: number): RawPage {
    const state = this.state(sessionId);
    if (!state) throw new UserInputError(`no session ${sessionId}`, 'not_found');
    return readRawPage(state.folder, workerId, from, count);
  }

  /** Stops every worker of every running session and waits until their sessions are written. */
  async stopAll(): Promise<void> {
    const all = [...this.running.values()];
    await Promise.all(all.map((r) => r.session.stop()));
    await Promise.all(all.map((r) => r.done.catch(() => undefined)));
  }
}

const RESUMABLE = new Set<SessionStatus>(['interrupted', 'stopped', 'failed', 'paused']);

const toItem = (state: SessionState): SessionListItem => ({
  sessionId: state.sessionId,
  task: state.task,
  repo: state.repo,
  status: state.status,
  startedAt: state.startedAt,
  demo: state.demo,
});
