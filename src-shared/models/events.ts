import { z } from 'zod';
import { IsoDate } from './common';
import { Action, DecisionChoice, DecisionVerdict, Unreviewed } from './decisions';
import { Finding, PeerReview, ReviewRequest } from './reviews';
import { RecoveryAction } from './recovery';
import { RunRole, TokenTotals } from './spend';
import { SessionStatus, WorkerStatus } from './state';
import { TaskBreakdown } from './tasks';

const Text = z.string();

/** Where the rest of a line cut at the line-length cap went (a cut JSON line no longer parses). */
export const RawTruncation = z.object({
  /** Length of the head kept in raw.jsonl and in the event, in UTF-16 code units. */
  keptChars: z.number().int().nonnegative(),
  /** Size of the overflow file. */
  overflowBytes: z.number().int().nonnegative(),
  /** The overflow file, relative to the worker's folder (the one holding raw.jsonl): overflow/line-<n>.txt. */
  overflowFile: z.string(),
});
export type RawTruncation = z.infer<typeof RawTruncation>;

/** Payload schema of every event type; the event union below is generated from this map. */
export const EventPayloads = {
  session_started: z.object({
    task: Text,
    repo: z.string(),
    agents: z.array(z.string()),
    demo: z.boolean(),
    folder: z.string(),
  }),
  session_status: z.object({ status: SessionStatus, reason: Text.optional() }),
  plan: z.object({ breakdown: TaskBreakdown }),
  worker_started: z.object({
    agent: z.string(),
    command: z.string(),
    args: z.array(z.string()),
    cwd: z.string(),
    pid: z.number().int().nullable(),
    demo: z.boolean(),
    /** The worker's own branch when it runs in a worktree. */
    branch: z.string().nullable().optional(),
  }),
  worker_status: z.object({ status: WorkerStatus, reason: Text.optional() }),
  worker_exited: z.object({
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    durationMs: z.number().nonnegative(),
  }),
  /** The CLI's own conversation id, needed to resume it. */
  session_ref: z.object({ ref: z.string(), model: z.string().optional() }),
  turn: z.object({ phase: z.enum(['started', 'completed', 'failed']) }),
  message: z.object({ role: z.enum(['assistant', 'user']), text: Text }),
  thinking: z.object({ text: Text }),
  tool_use: z.object({
    toolId: z.string(),
    name: z.string(),
    /** What a person reads: "edit src/a.ts", "run npm test". */
    summary: Text,
    input: z.unknown(),
  }),
  tool_result: z.object({
    toolId: z.string(),
    ok: z.boolean(),
    output: Text.optional(),
    errorType: z.string().optional(),
  }),
  file_change: z.object({
    path: z.string(),
    kind: z.enum(['add', 'update', 'delete']),
  }),
  command: z.object({
    command: Text,
    status: z.enum(['started', 'completed', 'failed', 'declined']),
    exitCode: z.number().int().nullable(),
    output: Text.optional(),
  }),
  todo: z.object({ items: z.array(z.object({ text: Text, done: z.boolean() })) }),
  /** Totals the CLI reported for its current run so far (not increments); inputTokens includes cached ones. */
  usage: z.object({
    inputTokens: z.number().nonnegative(),
    outputTokens: z.number().nonnegative(),
    cachedInputTokens: z.number().nonnegative(),
    costUsd: z.number().nonnegative().nullable(),
    /** The model that did most of the run's work, when the CLI's totals name it (gemini's stats). */
    model: z.string().optional(),
  }),
  /**
   * What one run that is not a worker cost — the planner's, or a reviewer's (its event carries the reviewed
   * worker's id) — with the run's final totals. Reviewers' and the planner's chatter stays out of the log;
   * their spend does not.
   */
  run_usage: z.object({
    role: RunRole,
    agent: z.string(),
    /** The review request (reviewer runs). */
    requestId: z.string().optional(),
    /** The second run after an answer that held no valid plan or verdict. */
    retry: z.boolean().optional(),
    tokens: TokenTotals,
    costUsd: z.number().nonnegative().nullable(),
    model: z.string().optional(),
  }),
  /** The end of one CLI run as the CLI itself reported it. */
  result: z.object({ ok: z.boolean(), text: Text.optional(), subtype: z.string().optional() }),
  MILESTONE: z.object({ summary: Text }),
  BLOCKER: z.object({ summary: Text }),
  REQUEST_REVIEW: z.object({ summary: Text }),
  error: z.object({
    message: Text,
    /** A fatal error ends the run; others are warnings or retries the CLI handles itself. */
    fatal: z.boolean(),
    code: z.string().optional(),
    httpStatus: z.number().int().nullable().optional(),
    retrying: z.boolean().optional(),
  }),
  /**
   * Something the CLI (or the orchestrator) says for information only — a fallback it took, a flag changed
   * up front, a warning it carries on after. Never a failure nor the reason of one.
   */
  notice: z.object({ message: Text, code: z.string().optional() }),
  review_requested: z.object({ request: ReviewRequest }),
  review_verdict: z.object({ review: PeerReview }),
  decision: z.object({
    action: Action,
    reason: Text,
    rule: z.string(),
    target: z.string().optional(),
    reviewIds: z.array(z.string()),
    /** The rule in plain words ("2 of 2 reviewers raised concerns"). */
    ruleText: Text.optional(),
    /** What the person is asked, when the decision waits for one. */
    question: Text.optional(),
    /** What each reviewer said, so the decision reads on its own. */
    verdicts: z.array(DecisionVerdict).optional(),
    findings: z.array(Finding).optional(),
    /** Reviewers that could not review, and why; the decision was taken on the others' verdicts. */
    unreviewed: z.array(Unreviewed).optional(),
  }),
  recovery_action: z.object({ action: RecoveryAction }),
  control: z.object({
    command: z.enum(['pause', 'resume', 'stop', 'review']),
    target: z.string().optional(),
    by: z.enum(['user', 'policy', 'limit', 'system']),
    /** The open decision (its id) this command answers, and how the person answered it. */
    decision: z.string().optional(),
    choice: DecisionChoice.optional(),
  }),
  /** A stdout line no parser understood (or one it deliberately keeps verbatim); never dropped. */
  raw: z.object({
    line: z.string(),
    reason: z.enum(['malformed', 'unknown', 'ignored']),
    /** Set when the line outgrew the line-length cap: `line` is only its head, the rest is on disk. */
    truncated: RawTruncation.optional(),
  }),
} as const;

export type EventPayloads = { [K in keyof typeof EventPayloads]: z.infer<(typeof EventPayloads)[K]> };
export type EventType = keyof typeof EventPayloads;
export const EVENT_TYPES = Object.keys(EventPayloads) as EventType[];
export const EventType = z.enum(EVENT_TYPES as [EventType, ...EventType[]]);

/** Which raw stdout lines (1-based, inclusive) of the worker's raw.jsonl an event came from. */
export const RawLines = z.object({ from: z.number().int().positive(), to: z.number().int().positive() });
export type RawLines = z.infer<typeof RawLines>;

const envelope = {
  seq: z.number().int().nonnegative(),
  ts: IsoDate,
  sessionId: z.string(),
  workerId: z.string().optional(),
  lines: RawLines.optional(),
};

const variants = EVENT_TYPES.map((type) =>
  z.object({ ...envelope, type: z.literal(type), payload: EventPayloads[type] }),
) as unknown as [z.ZodObject<typeof envelope>, ...z.ZodObject<typeof envelope>[]];

/**
 * Validates any event. Typed as the precise union below (zod cannot infer a union built from a map), so
 * `Event.parse(x).type === 'usage'` narrows the payload.
 */
export const Event = z.discriminatedUnion('type', variants) as unknown as z.ZodType<Event>;

/** One entry of the session's ordered log. */
export type Event<K extends EventType = EventType> = K extends EventType
  ? {
      seq: number;
      ts: string;
      sessionId: string;
      workerId?: string;
      lines?: RawLines;
      type: K;
      payload: EventPayloads[K];
    }
  : never;

/** What a parser or the coordinator produces before the hub stamps seq, ts and ids. */
export type EventDraft<K extends EventType = EventType> = K extends EventType
  ? { type: K; payload: EventPayloads[K]; lines?: RawLines; ts?: string }
  : never;

export const draft = <K extends EventType>(
  type: K,
  payload: EventPayloads[K],
  lines?: RawLines,
): EventDraft<K> => (lines ? { type, payload, lines } : { type, payload }) as EventDraft<K>;

/** The events of one type, typed as such (drafts or stamped events alike). */
export function ofType<K extends EventType, E extends { type: EventType }>(
  events: readonly E[],
  type: K,
): Extract<E, { type: K }>[] {
  return events.filter((e): e is Extract<E, { type: K }> => e.type === type);
}
