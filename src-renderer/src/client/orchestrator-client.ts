import type {
  AgentDoctor,
  CleanReport,
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
  SessionEventsPayload,
  SessionListItem,
  SessionOutcomes,
  StartSessionRequest,
  WorkerDiff,
  WorkerMergeResult,
} from '../../../src-shared/ipc/contract';
import type { EventType, SessionState } from '../../../src-shared/models';

/** Which log of events: a worker's, or (null) the session's own; all of it or one type of event. */
export interface LogSelector {
  workerId: string | null;
  type?: EventType;
}

/**
 * Everything the renderer asks of the app. IPC implements it today; an HTTP + SSE client can replace it
 * without touching the store or the components.
 */
export interface OrchestratorClient {
  listSessions(): Promise<SessionListItem[]>;
  startSession(request: StartSessionRequest): Promise<{ sessionId: string; folder: string }>;
  sessionState(sessionId: string): Promise<SessionState>;
  control(sessionId: string, command: ControlCommand, workerId?: string): Promise<void>;
  /** Asks for every event with seq > afterSeq, then the live ones, delivered to onEvents. */
  subscribe(sessionId: string, afterSeq: number): Promise<void>;
  unsubscribe(sessionId: string): Promise<void>;
  /** The folder the person chose, or null when they cancelled. */
  pickRepository(): Promise<string | null>;
  onEvents(listener: (payload: SessionEventsPayload) => void): () => void;

  // What a client may not offer yet (the browser dashboard's HTTP API grows them later): the page hides or
  // disables the feature, saying why, instead of failing.
  /** The plan a start would make, to preview and edit; starts nothing. Its result goes back as `breakdown`. */
  planSession?(request: PlanSessionRequest): Promise<PlanPreview>;
  /** Continues a stored session that did not complete. */
  resumeSession?(sessionId: string): Promise<{ sessionId: string; folder: string }>;
  decide?(request: DecideRequest): Promise<void>;
  /**
   * Removes an ended session's worktrees and branches (what `orchestrate clean ID` removes); `force` also
   * what is merged nowhere and uncommitted changes. Says what was removed and what kept, and why.
   */
  deleteSession?(sessionId: string, force: boolean): Promise<CleanReport>;
  rawLog?(sessionId: string, workerId: string, from: number, count: number): Promise<RawLogPage>;
  /** Raw lines that contain the query (case-insensitive), from line `from` on, at most `limit`. */
  rawSearch?(
    sessionId: string,
    workerId: string,
    query: string,
    from: number,
    limit: number,
  ): Promise<RawLogSearch>;
  /** A page of one log of events, read back from disk: what the store no longer keeps. */
  log?(sessionId: string, which: LogSelector, from: number, count: number): Promise<LogPage>;
  /** Places in one log of events whose words contain the query, from place `from` on. */
  logSearch?(
    sessionId: string,
    which: LogSelector,
    query: string,
    from: number,
    limit: number,
  ): Promise<LogSearch>;
  diff?(sessionId: string, workerId: string): Promise<WorkerDiff>;
  /** Each worker's diffstat and whether it merges cleanly into the user's HEAD now (a dry run). */
  outcomes?(sessionId: string): Promise<SessionOutcomes>;
  /** Merges the worker's branch into the branch the session started from, only when that is clean. */
  merge?(sessionId: string, workerId: string): Promise<WorkerMergeResult>;
  /** Opens the worker's own worktree in the file manager (the desktop app only). */
  openWorktree?(sessionId: string, workerId: string): Promise<{ path: string }>;
  /** Puts the worker's branch name on the clipboard; without it the page uses the browser's clipboard. */
  copyBranch?(sessionId: string, workerId: string): Promise<{ branch: string }>;
  doctor?(): Promise<AgentDoctor[]>;
  getConfig?(): Promise<ConfigDocument>;
  saveConfig?(text: string): Promise<SaveConfigResult>;
}

/** Why a feature is missing, in the words the page shows. */
export const NOT_IN_THIS_CLIENT = 'not available here yet: open the desktop app';

/** A refusal from the app, with the code that says which field or rule it is about. */
export class ClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}
