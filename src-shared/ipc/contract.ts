import { z } from 'zod';
import {
  AgentDoctor,
  CleanReport,
  ControlRequest,
  DecideRequest,
  DeleteSessionRequest,
  PlanPreview,
  PlanSessionRequest,
  ResumeRequest,
  SessionId,
  SessionListItem,
  Started,
  StartSessionRequest,
  WorkerId,
  WorkerMergeResult,
} from '../commands';
import { Event, EventType, SessionState, WorkerOutcomeSummary } from '../models';
import type { CommandName, EventChannel } from './channels';

// The commands' requests and responses are declared once, in the command table; the page imports them here.
export {
  AgentDoctor,
  CleanReport,
  ControlCommand,
  DecideRequest,
  DeleteSessionRequest,
  normalizeDecide,
  PlanPreview,
  PlanSessionRequest,
  SessionListItem,
  Started,
  StartSessionRequest,
  WorkerMergeResult,
} from '../commands';
export type { Decision } from '../commands';

/** One page of a worker's raw.jsonl; `from` is 1-based, `total` counts the whole file. */
export const RawLogPage = z.object({
  from: z.number().int().positive(),
  lines: z.array(z.string()),
  total: z.number().int().nonnegative(),
});
export type RawLogPage = z.infer<typeof RawLogPage>;

/** A page is at most this many lines, so one answer never carries a whole hour of output. */
export const RAW_PAGE_MAX = 2_000;

/** A page of search results holds at most this many line numbers (or places in a log). */
export const SEARCH_PAGE_MAX = 10_000;

/** The lines of a worker's raw.jsonl that contain a query, case-insensitively; numbers are 1-based. */
export const RawLogSearch = z.object({
  lines: z.array(z.number().int().positive()),
  /** Matching lines in the whole log. */
  total: z.number().int().nonnegative(),
  /** Lines in the log when it was searched. */
  searched: z.number().int().nonnegative(),
});
export type RawLogSearch = z.infer<typeof RawLogSearch>;

/** One page of a log of events: one worker's (or the session's own), all of them or those of one type. */
export const LogPage = z.object({
  /** 1-based place in that log of the first event. */
  from: z.number().int().positive(),
  events: z.array(Event),
  /** Events in that log. */
  total: z.number().int().nonnegative(),
});
export type LogPage = z.infer<typeof LogPage>;

/** A page of events is at most this many: events can be long. */
export const LOG_PAGE_MAX = 1_000;

/**
 * The places (1-based) in a log of events whose line or details, as the log view words them, contain a
 * query, case-insensitively.
 */
export const LogSearch = z.object({
  places: z.array(z.number().int().positive()),
  total: z.number().int().nonnegative(),
  /** Events in that log when it was searched. */
  searched: z.number().int().nonnegative(),
});
export type LogSearch = z.infer<typeof LogSearch>;

/** Which log of a session: a worker's, or (workerId null) the session's own events; all or one type. */
const LogSelector = {
  sessionId: SessionId,
  workerId: WorkerId.nullable(),
  type: EventType.optional(),
};

export const DiffFile = z.object({
  path: z.string(),
  added: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
  binary: z.boolean(),
});
export type DiffFile = z.infer<typeof DiffFile>;

export const WorkerDiff = z.object({ base: z.string(), patch: z.string(), files: z.array(DiffFile) });
export type WorkerDiff = z.infer<typeof WorkerDiff>;

/** One worker's work as the review & merge screen weighs it now: its diffstat and a dry-run merge. */
export const WorkerOutcome = z.object({
  workerId: z.string(),
  diffstat: WorkerOutcomeSummary.shape.diffstat,
  /** Whether it would merge cleanly into the user's HEAD now, and the files that would conflict. */
  merge: WorkerOutcomeSummary.shape.merge,
  /** Everything it changed is already in the user's HEAD (merged, or nothing to merge). */
  merged: z.boolean(),
});
export type WorkerOutcome = z.infer<typeof WorkerOutcome>;

export const SessionOutcomes = z.object({
  /** The branch the session started from, which a merge goes into; null when it started detached. */
  target: z.string().nullable(),
  /** The branch the user's checkout is on now (null: detached); a merge needs it to be `target`. */
  checkout: z.string().nullable(),
  /** Workers with a branch of their own whose worktree could be read; the others have nothing to merge. */
  workers: z.array(WorkerOutcome),
});
export type SessionOutcomes = z.infer<typeof SessionOutcomes>;

/** One problem of a config, at the JSON path of the field it is about ([] for the whole document). */
export const ConfigIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type ConfigIssue = z.infer<typeof ConfigIssue>;

export const ConfigDocument = z.object({
  path: z.string(),
  /** The file as written, or a starting point when there is none yet. */
  text: z.string(),
  exists: z.boolean(),
  /** Why the file on disk is not valid now; the app then runs with the defaults. */
  issues: z.array(ConfigIssue),
});
export type ConfigDocument = z.infer<typeof ConfigDocument>;

export const SaveConfigResult = z.discriminatedUnion('saved', [
  z.object({ saved: z.literal(true), path: z.string() }),
  z.object({ saved: z.literal(false), issues: z.array(ConfigIssue) }),
]);
export type SaveConfigResult = z.infer<typeof SaveConfigResult>;

/**
 * Every command the renderer can invoke. Main registers one handler per entry and parses the input with it;
 * the types of the preload's `window.orchestrator` are derived from it. Domain checks (an empty task, a path
 * that is no repository) stay in the service, which words them for people; these schemas only guard shape.
 */
export const commands = {
  'sessions:list': { input: z.void(), output: z.array(SessionListItem) },
  'session:start': { input: StartSessionRequest, output: Started },
  /** Runs the planner for the request and answers its plan; validates like start, starts nothing. */
  'session:plan': { input: PlanSessionRequest, output: PlanPreview },
  'session:state': { input: z.strictObject({ sessionId: SessionId }), output: SessionState },
  'session:control': { input: ControlRequest, output: z.null() },
  /** Every event with seq > afterSeq, then live, on `session:events`; replaces this window's earlier one. */
  'session:subscribe': {
    input: z.strictObject({ sessionId: SessionId, afterSeq: z.number().int().nonnegative() }),
    output: z.null(),
  },
  'session:unsubscribe': { input: z.strictObject({ sessionId: SessionId }), output: z.null() },
  /**
   * The page holds every event of the session up to seq (the preload says so after each batch): the main
   * process sends a page at most a bounded number of events ahead of what it confirmed.
   */
  'session:received': {
    input: z.strictObject({ sessionId: SessionId, seq: z.number().int().nonnegative() }),
    output: z.null(),
  },
  /** Continues a stored session that did not complete (interrupted, stopped, failed). */
  'session:resume': { input: ResumeRequest, output: Started },
  'session:decide': { input: DecideRequest, output: z.null() },
  /** Removes an ended session's worktrees and branches (what `orchestrate clean ID` removes) and says what. */
  'session:delete': { input: DeleteSessionRequest, output: CleanReport },
  'worker:rawLog': {
    input: z.strictObject({
      sessionId: SessionId,
      workerId: WorkerId,
      from: z.number().int().positive(),
      count: z.number().int().positive().max(RAW_PAGE_MAX),
    }),
    output: RawLogPage,
  },
  /** The raw lines that contain the query, from line `from` on, at most `limit` of them. */
  'worker:rawSearch': {
    input: z.strictObject({
      sessionId: SessionId,
      workerId: WorkerId,
      query: z.string().min(1).max(1_000),
      from: z.number().int().positive(),
      limit: z.number().int().positive().max(SEARCH_PAGE_MAX),
    }),
    output: RawLogSearch,
  },
  /** Events of one log read back from the session's events.jsonl: what the page no longer keeps. */
  'session:log': {
    input: z.strictObject({
      ...LogSelector,
      from: z.number().int().positive(),
      count: z.number().int().positive().max(LOG_PAGE_MAX),
    }),
    output: LogPage,
  },
  /** Places in one log whose words contain the query, from place `from` on, at most `limit`. */
  'session:logSearch': {
    input: z.strictObject({
      ...LogSelector,
      query: z.string().min(1).max(1_000),
      from: z.number().int().positive(),
      limit: z.number().int().positive().max(SEARCH_PAGE_MAX),
    }),
    output: LogSearch,
  },
  /** What the worker changed against the session's base commit. */
  'worker:diff': { input: z.strictObject({ sessionId: SessionId, workerId: WorkerId }), output: WorkerDiff },
  /** Each worker's work now: diffstat against the base and whether it merges cleanly (a dry run). */
  'session:outcomes': { input: z.strictObject({ sessionId: SessionId }), output: SessionOutcomes },
  /**
   * Merges the worker's branch into the branch the session started from, only when that is clean and the
   * checkout is on it; a refusal says why (code merge_refused) and changes nothing.
   */
  'worker:merge': {
    input: z.strictObject({ sessionId: SessionId, workerId: WorkerId }),
    output: WorkerMergeResult,
  },
  /** Opens the worker's own worktree in the file manager; main finds the folder, the page names none. */
  'worker:openWorktree': {
    input: z.strictObject({ sessionId: SessionId, workerId: WorkerId }),
    output: z.object({ path: z.string() }),
  },
  /** Puts the worker's branch name on the clipboard, and answers it. */
  'worker:copyBranch': {
    input: z.strictObject({ sessionId: SessionId, workerId: WorkerId }),
    output: z.object({ branch: z.string() }),
  },
  'agents:doctor': { input: z.void(), output: z.array(AgentDoctor) },
  'config:get': { input: z.void(), output: ConfigDocument },
  /** Validates the JSON text and writes it atomically; refusals come back as issues at their field paths. */
  'config:save': { input: z.strictObject({ text: z.string().max(1_000_000) }), output: SaveConfigResult },
  /** The folder the person chose in a native dialog, or null when they cancelled. */
  'app:pickRepository': { input: z.void(), output: z.string().nullable() },
} satisfies Record<CommandName, { input: z.ZodType; output: z.ZodType }>;

export const SessionEventsPayload = z.object({ sessionId: z.string(), events: z.array(Event) });
/** Spelled out because the schema's inferred event type is looser than the Event union it checks. */
export type SessionEventsPayload = { sessionId: string; events: Event[] };

/**
 * A batch as it crosses to the page: its events as one JSON array text, each event's text made once when
 * it was logged (the main process neither serializes it again nor deep-copies it, and the page parses it
 * once instead of receiving a structured clone and a context-bridge copy); `lastSeq` is its last event's.
 */
export const SessionEventsWire = z
  .object({ sessionId: z.string(), lastSeq: z.number().int().nonnegative(), eventsJson: z.string() })
  .superRefine((wire, ctx) => {
    let events: unknown;
    try {
      events = JSON.parse(wire.eventsJson);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'eventsJson is not JSON' });
      return;
    }
    const parsed = z.array(Event).min(1).safeParse(events);
    if (!parsed.success) ctx.addIssue({ code: 'custom', message: `eventsJson: ${parsed.error.message}` });
    else if (parsed.data.at(-1)!.seq !== wire.lastSeq)
      ctx.addIssue({ code: 'custom', message: 'lastSeq is not the seq of the last event' });
  });
export type SessionEventsWire = { sessionId: string; lastSeq: number; eventsJson: string };

/** A wire batch as the events it carries. */
export function readSessionEvents(wire: SessionEventsWire): SessionEventsPayload {
  return { sessionId: wire.sessionId, events: JSON.parse(wire.eventsJson) as Event[] };
}

export const eventChannels = {
  'session:events': SessionEventsWire,
} satisfies Record<EventChannel, z.ZodType>;

export type CommandInput<N extends CommandName> = z.input<(typeof commands)[N]['input']>;
export type ParsedInput<N extends CommandName> = z.output<(typeof commands)[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<(typeof commands)[N]['output']>;

/**
 * Codes of the transport itself. A refusal by the core passes its own code through (bad_task, bad_repo,
 * bad_agents, not_running…), so the page can put the message beside the field it is about.
 */
export type TransportErrorCode = 'invalid_input' | 'forbidden' | 'unknown_command' | 'not_found' | 'internal';
export type IpcErrorCode = TransportErrorCode | (string & {});

export const IpcError = z.object({ code: z.string(), message: z.string() });
export type IpcError = z.infer<typeof IpcError>;

/** What every command resolves to; errors travel as data because contextBridge strips thrown errors' fields. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError };

type Noun<N> = N extends `${infer A}:${string}` ? A : never;

/** `window.orchestrator`: one function per command, grouped by noun (`session.start(…)`), plus onEvents. */
export type OrchestratorApi = {
  readonly [A in Noun<CommandName>]: {
    readonly [N in CommandName as N extends `${A}:${infer V}` ? V : never]: (
      input: CommandInput<N>,
    ) => Promise<Envelope<CommandOutput<N>>>;
  };
} & {
  /** Every `session:events` batch, as it crossed (see readSessionEvents); returns the unsubscribe. */
  readonly onEvents: (listener: (payload: SessionEventsWire) => void) => () => void;
};
