import type {
  AgentDoctor,
  ConfigDocument,
  ControlCommand,
  DecideRequest,
  PlanPreview,
  PlanSessionRequest,
  LogPage,
  LogSearch,
  RawLogPage,
  RawLogSearch,
  SaveConfigResult,
  SessionListItem,
  SessionOutcomes,
  StartSessionRequest,
  WorkerDiff,
  WorkerMergeResult,
} from '../../src-shared/ipc/contract';
import type { SessionState } from '../../src-shared/models';
import { createCore, type CoreCommands } from '../coordinator/core-commands';
import type { EventForwarder, EventSource } from './event-forwarder';
import { CommandError, type CommandHandlers } from './ipc-server';

/** What the commands need of the core's SessionService (structural, so tests pass a fake). */
export interface SessionApi extends EventSource {
  start(request: StartSessionRequest): Promise<{ sessionId: string; folder: string }>;
  plan(request: PlanSessionRequest): Promise<PlanPreview>;
  /** Reads the config again for the sessions started from now on. */
  reloadConfig(): unknown;
  resume(sessionId: string): Promise<{ sessionId: string; folder: string }>;
  list(): SessionListItem[];
  state(sessionId: string): SessionState | null;
  control(sessionId: string, command: ControlCommand, workerId?: string): Promise<void>;
  answer(sessionId: string, workerId: string, message: string): Promise<void>;
  /** A person's choice on an open decision, checked against it; a stored session it continues is returned. */
  decide(request: DecideRequest): Promise<{ sessionId: string; folder: string } | null>;
  diff(sessionId: string, workerId: string): Promise<WorkerDiff>;
  outcomes(sessionId: string): Promise<SessionOutcomes>;
  merge(sessionId: string, workerId: string): Promise<WorkerMergeResult>;
  /** The worker's own worktree, checked to still be one; throws for anything else. */
  worktreePath(sessionId: string, workerId: string): Promise<string>;
  branchOf(sessionId: string, workerId: string): string;
  rawLog(sessionId: string, workerId: string, from: number, count: number): Promise<RawLogPage>;
  rawSearch(
    sessionId: string,
    workerId: string,
    query: string,
    from: number,
    limit: number,
  ): Promise<RawLogSearch>;
  log(
    sessionId: string,
    workerId: string | null,
    type: string | null,
    from: number,
    count: number,
  ): Promise<LogPage>;
  logSearch(
    sessionId: string,
    workerId: string | null,
    type: string | null,
    query: string,
    from: number,
    limit: number,
  ): Promise<LogSearch>;
  /** Indexes the session's logs in the background, for log views that open at once. */
  prepareLogs?(sessionId: string): void;
  /** Whether this process runs the session now. */
  isRunning?(sessionId: string): boolean;
}

export interface CommandDeps {
  service: SessionApi;
  forwarder: EventForwarder;
  /** Opens the native folder dialog; null when the person cancels. */
  pickRepository: () => Promise<string | null>;
  doctor: () => Promise<AgentDoctor[]>;
  config: { get(): ConfigDocument; save(text: string): SaveConfigResult };
  /** Opens a folder in the person's file manager; resolves with an error message, '' when it opened. */
  openFolder: (path: string) => Promise<string>;
  /** Puts text on the system clipboard. */
  copyText: (text: string) => void;
  /** Every session this app starts or resumes, from the moment it was asked for (for notifications). */
  onSessionLaunched?: (sessionId: string, since: number) => void;
  /** The app's sessions folder: where Delete removes an ended session's worktrees and branches. */
  workspace?: string;
}

/**
 * One handler per contract entry; each is a thin call into the core's command table (createCore), or for
 * what only the app has (subscriptions, log pages, the folder picker) into the service and the shell.
 */
export function createCommandHandlers(deps: CommandDeps): CommandHandlers {
  const { service, forwarder } = deps;
  const core: CoreCommands = createCore({
    workspace: deps.workspace ?? null,
    service: () => service,
    isRunning: (sessionId) => service.isRunning?.(sessionId) ?? false,
  });
  const requireSession = (sessionId: string): SessionState => {
    const state = service.state(sessionId);
    if (!state) throw new CommandError('not_found', `There is no session ${sessionId}.`);
    return state;
  };
  const requireWorker = (sessionId: string, workerId: string): void => {
    if (!requireSession(sessionId).workers.some((w) => w.workerId === workerId))
      throw new CommandError('not_found', `Session ${sessionId} has no worker ${workerId}.`);
  };
  const launched = async (
    start: () => Promise<{ sessionId: string; folder: string }>,
  ): Promise<{ sessionId: string; folder: string }> => {
    const since = Date.now();
    const result = await start();
    deps.onSessionLaunched?.(result.sessionId, since);
    return result;
  };
  return {
    'sessions:list': () => core.list(),
    'session:start': (request) => launched(() => core.start(request)),
    'session:plan': (request) => core.plan(request),
    'session:resume': (request) => {
      requireSession(request.sessionId);
      return launched(() => core.resume(request));
    },
    'session:state': ({ sessionId }) => requireSession(sessionId),
    'session:control': async (request) => {
      requireSession(request.sessionId);
      await core.control(request);
      // A Stop may have ended a session on disk that no running hub tells the page about.
      forwarder.follow(request.sessionId);
      return null;
    },
    // The core checks the choice against the open decision and the worker the request names; nothing is
    // guessed here. A stored session that waits (escalated) is continued by it: notifications follow it.
    'session:decide': async (request) => {
      requireSession(request.sessionId);
      const since = Date.now();
      const { resumed } = await core.decide(request);
      if (resumed) deps.onSessionLaunched?.(resumed.sessionId, since);
      // The session may have ended, or been continued in a new run, past the hub the page was following.
      forwarder.follow(request.sessionId);
      return null;
    },
    // The same core as `orchestrate clean ID`: refuses a session at work or waiting, keeps unmerged work
    // unless forced, and says what it removed.
    'session:delete': (request) => {
      requireSession(request.sessionId);
      return core.delete(request);
    },
    'session:subscribe': ({ sessionId, afterSeq }, sender) => {
      requireSession(sessionId);
      forwarder.subscribe(sender, sessionId, afterSeq);
      service.prepareLogs?.(sessionId);
      return null;
    },
    'session:unsubscribe': ({ sessionId }, sender) => {
      forwarder.unsubscribe(sender.id, sessionId);
      return null;
    },
    'session:received': ({ sessionId, seq }, sender) => {
      forwarder.received(sender.id, sessionId, seq);
      return null;
    },
    'worker:rawLog': ({ sessionId, workerId, from, count }) => {
      requireWorker(sessionId, workerId);
      return service.rawLog(sessionId, workerId, from, count);
    },
    'worker:rawSearch': ({ sessionId, workerId, query, from, limit }) => {
      requireWorker(sessionId, workerId);
      return service.rawSearch(sessionId, workerId, query, from, limit);
    },
    'session:log': ({ sessionId, workerId, type, from, count }) => {
      requireSession(sessionId);
      return service.log(sessionId, workerId, type ?? null, from, count);
    },
    'session:logSearch': ({ sessionId, workerId, type, query, from, limit }) => {
      requireSession(sessionId);
      return service.logSearch(sessionId, workerId, type ?? null, query, from, limit);
    },
    'worker:diff': ({ sessionId, workerId }) => {
      requireWorker(sessionId, workerId);
      return service.diff(sessionId, workerId);
    },
    'session:outcomes': ({ sessionId }) => {
      requireSession(sessionId);
      return service.outcomes(sessionId);
    },
    'worker:merge': ({ sessionId, workerId }) => {
      requireWorker(sessionId, workerId);
      return core.merge({ sessionId, workerId });
    },
    // Only a folder main itself finds — the worker's worktree, still listed by git on its branch — is
    // opened: the page names a worker, never a path.
    'worker:openWorktree': async ({ sessionId, workerId }) => {
      requireWorker(sessionId, workerId);
      const path = await service.worktreePath(sessionId, workerId);
      const failed = await deps.openFolder(path);
      if (failed) throw new CommandError('open_failed', `Could not open ${path}: ${failed}`);
      return { path };
    },
    'worker:copyBranch': ({ sessionId, workerId }) => {
      requireWorker(sessionId, workerId);
      const branch = service.branchOf(sessionId, workerId);
      deps.copyText(branch);
      return { branch };
    },
    // The core's doctor (doctorAgents), which the composition root binds to the config on disk now.
    'agents:doctor': () => deps.doctor(),
    'config:get': () => deps.config.get(),
    // Saved settings apply to the next session started; running ones keep theirs.
    'config:save': ({ text }) => {
      const result = deps.config.save(text);
      if (result.saved) service.reloadConfig();
      return result;
    },
    'app:pickRepository': () => deps.pickRepository(),
  };
}
