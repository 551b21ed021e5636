import { z } from 'zod';
import { IsoDate } from './common';
import { OpenDecision } from './decisions';
import { Spend, TokenTotals } from './spend';

export const WorkerStatus = z.enum([
  'pending',
  'starting',
  'running',
  'paused',
  'needs_input',
  'reviewing',
  /** Waiting before a retry after a rate limit or quota (HTTP 429). */
  'rate_limited',
  /** Waiting before a retry after the provider failed on its side (HTTP 5xx, overload, a broken answer). */
  'server_error',
  'setup_required',
  'recovering',
  'completed',
  'failed',
  'stopped',
]);
export type WorkerStatus = z.infer<typeof WorkerStatus>;

export const TERMINAL_WORKER_STATUSES: readonly WorkerStatus[] = [
  'completed',
  'failed',
  'stopped',
  'setup_required',
];

export const SessionStatus = z.enum([
  'pending',
  'planning',
  'running',
  /** Every worker has ended; the last reviews are being decided. */
  'reviewing',
  'paused',
  'completed',
  'failed',
  'stopped',
  'escalated',
  'interrupted',
]);
export type SessionStatus = z.infer<typeof SessionStatus>;

/** A session in one of these has not ended: some orchestrator process owns it (or owned it and died). */
export const LIVE_SESSION_STATUSES: ReadonlySet<SessionStatus> = new Set([
  'pending',
  'planning',
  'running',
  'reviewing',
  'paused',
]);

/**
 * A session in one of these is at work: if its orchestrator vanished, it was interrupted mid-run. A paused
 * session is not among them: it waits for a person, with or without a process, and stays paused.
 */
export const WORKING_SESSION_STATUSES: ReadonlySet<SessionStatus> = new Set([
  'pending',
  'planning',
  'running',
  'reviewing',
]);

export const WorkerState = z.object({
  workerId: z.string(),
  agent: z.string(),
  /** True when this worker runs a built-in demo agent instead of the real CLI. */
  demo: z.boolean(),
  status: WorkerStatus,
  statusReason: z.string().optional(),
  pid: z.number().int().nullable(),
  exitCode: z.number().int().nullable(),
  /** The CLI's own session/thread id, for resume. */
  sessionRef: z.string().nullable(),
  tokens: TokenTotals,
  costUsd: z.number().nonnegative().nullable(),
  filesChanged: z.array(z.string()),
  recoveries: z.number().int().nonnegative(),
  branch: z.string().nullable(),
  cwd: z.string(),
  startedAt: IsoDate.nullable(),
  endedAt: IsoDate.nullable(),
  lastActivity: z.string().nullable(),
  /**
   * The model the CLI reported working with (the one that did most of the run's work when it names
   * several, as gemini's router does); absent until it says, and for CLIs that never do (codex).
   */
  model: z.string().optional(),
  /** What the reviews of this worker's changes cost (the reviewers' runs, retries included). */
  reviewSpend: Spend.optional(),
  /**
   * Usage events carry the totals of the CLI's current run; a relaunch starts a new run, so the totals of
   * earlier runs are kept here and added.
   */
  priorRuns: z.object({ ...TokenTotals.shape, costUsd: z.number().nonnegative().nullable() }).optional(),
});
export type WorkerState = z.infer<typeof WorkerState>;

export const SessionState = z.object({
  sessionId: z.string(),
  task: z.string(),
  repo: z.string(),
  folder: z.string(),
  status: SessionStatus,
  demo: z.boolean(),
  baseCommit: z.string().nullable(),
  /**
   * The branch the user's checkout was on when the session started (null: a detached HEAD or no git):
   * `merge` only ever merges into it. Absent in sessions stored before it was recorded.
   */
  baseBranch: z.string().nullable().optional(),
  startedAt: IsoDate,
  endedAt: IsoDate.nullable(),
  workers: z.array(WorkerState),
  /**
   * The decisions waiting for a person, oldest first, at most one per worker (see state/oversight.ts).
   * Absent in session.json files written before it existed: read as none.
   */
  openDecisions: z.array(OpenDecision).optional(),
  /** What the planner's runs cost (absent: no planner ran, or a session stored before it was counted). */
  plannerSpend: Spend.optional(),
});
export type SessionState = z.infer<typeof SessionState>;
