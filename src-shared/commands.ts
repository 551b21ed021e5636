import { z } from 'zod';
import {
  AgentName,
  DecisionChoice,
  IsoDate,
  SessionSpend,
  SessionState,
  SessionStatus,
  TaskBreakdown,
} from './models';

/**
 * The commands a person can give, declared once: each one's request and response. The core carries them
 * out (src-main/coordinator/core-commands.ts); the app's IPC, the HTTP API and the headless CLI are
 * adapters that parse with these schemas and call it. Domain checks (an empty task, a path that is no
 * repository) stay in the core, which words them for people; these schemas only guard shape.
 */

export const SessionId = z.string().min(1).max(200);
export const WorkerId = z.string().min(1).max(200);

/** Generous bounds only: the service enforces its own limits and words them for people. */
export const StartSessionRequest = z.strictObject({
  task: z.string().max(1_000_000),
  repo: z.string().max(4_096),
  agents: z.array(AgentName).max(16).optional(),
  demo: z.boolean(),
  /** agent (default): the planner agent splits the task; template: the built-in split. */
  plan: z.enum(['agent', 'template']).optional(),
  /** A plan made beforehand (an edited preview): used as is. */
  breakdown: TaskBreakdown.optional(),
  /** false: no peer review in this session. */
  review: z.boolean().optional(),
});
export type StartSessionRequest = z.infer<typeof StartSessionRequest>;

/** A session started or continued: its id and its folder. */
export const Started = z.object({ sessionId: z.string(), folder: z.string() });
export type Started = z.infer<typeof Started>;

/** What a plan preview needs: the start request without a plan of its own, and nothing is started. */
export const PlanSessionRequest = StartSessionRequest.omit({ breakdown: true, review: true });
export type PlanSessionRequest = z.infer<typeof PlanSessionRequest>;

/** A proposed plan for the person to read and edit before the start (which takes it as `breakdown`). */
export const PlanPreview = z.object({
  breakdown: TaskBreakdown,
  /** The agent that planned (or was asked to); null when the template split was asked for. */
  planner: z.string().nullable(),
  /** Why the template split stands in for the planner's plan; null when it does not. */
  fallback: z.string().nullable(),
});
export type PlanPreview = z.infer<typeof PlanPreview>;

export const SessionListItem = z.object({
  sessionId: z.string(),
  task: z.string(),
  repo: z.string(),
  status: SessionStatus,
  startedAt: IsoDate,
  demo: z.boolean(),
  /** What it cost so far, by kind of run (absent from servers that predate it). */
  spend: SessionSpend.optional(),
});
export type SessionListItem = z.infer<typeof SessionListItem>;

/** review asks every other agent for a verdict on the worker now ("Review now"); it needs the worker. */
export const ControlCommand = z.enum(['pause', 'resume', 'stop', 'review']);
export type ControlCommand = z.infer<typeof ControlCommand>;

/** A control command on a session, or on one worker of it. */
export const ControlRequest = z.strictObject({
  sessionId: SessionId,
  command: ControlCommand,
  workerId: WorkerId.optional(),
});
export type ControlRequest = z.infer<typeof ControlRequest>;

export const ControlResult = z.object({
  sessionId: z.string(),
  command: ControlCommand,
  workerId: z.string().optional(),
});
export type ControlResult = z.infer<typeof ControlResult>;

/** Continues a stored session that did not complete (interrupted, stopped, failed, paused). */
export const ResumeRequest = z.strictObject({ sessionId: SessionId });
export type ResumeRequest = z.infer<typeof ResumeRequest>;

/**
 * The person's answer to an open decision (SessionState.openDecisions): aimed at exactly one worker, named
 * here and checked against the decision, never guessed. `answer` goes to that worker, relaunched on its own
 * conversation; `continue` goes on without answering; `stop_worker` stops that worker; `stop_session` ends
 * the session (no worker needed). The choices `resume` and `stop` of the first version of this request are
 * still read: `resume` is `answer` when an answer is given, else `continue`; `stop` is `stop_session`.
 */
export const DecideRequest = z.strictObject({
  sessionId: SessionId,
  /** The open decision's id; without it, the worker's open decision. */
  decisionId: z.string().min(1).max(40).optional(),
  /** The worker the decision is about. Required for every choice but stop_session. */
  workerId: WorkerId.optional(),
  choice: z.enum([...DecisionChoice.options, 'resume', 'stop']),
  answer: z.string().max(100_000).optional(),
});
export type DecideRequest = z.infer<typeof DecideRequest>;

/** A decide request with the first version's choices read as today's. */
export type Decision = Omit<DecideRequest, 'choice'> & { choice: DecisionChoice };

export function normalizeDecide(request: DecideRequest): Decision {
  const { choice } = request;
  if (choice === 'stop') return { ...request, choice: 'stop_session' };
  if (choice !== 'resume') return { ...request, choice };
  return { ...request, choice: request.answer?.trim() ? 'answer' : 'continue' };
}

/** What a choice did: a stored session it continued (an answer to a run that ended paused or escalated). */
export const DecideOutcome = z.object({ resumed: Started.nullable() });
export type DecideOutcome = z.infer<typeof DecideOutcome>;

/** One worker's finished work merged into the branch the session started from. */
export const MergeRequest = z.strictObject({ sessionId: SessionId, workerId: WorkerId });
export type MergeRequest = z.infer<typeof MergeRequest>;

/** What a merge of one worker's branch did (the same core merge as `orchestrate merge`). */
export const WorkerMergeResult = z.object({
  workerId: z.string(),
  branch: z.string(),
  outcome: z.enum(['fast-forward', 'merge-commit', 'up-to-date']),
  target: z.string(),
  commit: z.string(),
  files: z.array(z.string()),
  committed: z.boolean(),
  /** The report in words, as `orchestrate merge` prints it. */
  text: z.string(),
});
export type WorkerMergeResult = z.infer<typeof WorkerMergeResult>;

/** What doctor found about one agent's CLI, without calling any model API. */
export const AgentDoctor = z.object({
  agent: z.string(),
  command: z.string(),
  format: z.string().nullable(),
  enabled: z.boolean(),
  found: z.boolean(),
  path: z.string().nullable(),
  version: z.string().nullable(),
  auth: z.enum(['api_key_in_env', 'credentials_file', 'unknown']),
  /** What the person should do next; null when nothing is needed. */
  next: z.string().nullable(),
});
export type AgentDoctor = z.infer<typeof AgentDoctor>;

/** One session, as stored or as it runs now. */
export const ShowRequest = z.strictObject({ sessionId: SessionId });
export type ShowRequest = z.infer<typeof ShowRequest>;

/** Which ended sessions to clean: one by id, those ended over N days ago, those whose work is all merged. */
export const CleanRequest = z.strictObject({
  sessionId: SessionId.optional(),
  olderThanDays: z.number().nonnegative().optional(),
  merged: z.boolean().optional(),
  /** Also remove uncommitted changes and branches whose commits are not merged anywhere. */
  force: z.boolean().optional(),
});
export type CleanRequest = z.infer<typeof CleanRequest>;

export const CleanedWorker = z.object({
  workerId: z.string(),
  branch: z.string(),
  removedWorktree: z.boolean(),
  deletedBranch: z.boolean(),
  /** Why something of this worker was kept; null when nothing was. */
  kept: z.string().nullable(),
});
export type CleanedWorker = z.infer<typeof CleanedWorker>;

export const CleanedSession = z.object({
  sessionId: z.string(),
  status: SessionStatus,
  workers: z.array(CleanedWorker),
});
export type CleanedSession = z.infer<typeof CleanedSession>;

export const CleanReport = z.object({
  cleaned: z.array(CleanedSession),
  /** Sessions the request named or matched but that were left alone as a whole, and why. */
  skipped: z.array(z.object({ sessionId: z.string(), reason: z.string() })),
});
export type CleanReport = z.infer<typeof CleanReport>;

/**
 * Delete, from the app's sessions list or `DELETE /api/sessions/:id`: the clean of one ended session.
 * Without `force` a branch with work merged nowhere (or uncommitted changes) is kept and said so.
 */
export const DeleteSessionRequest = z.strictObject({ sessionId: SessionId, force: z.boolean().optional() });
export type DeleteSessionRequest = z.infer<typeof DeleteSessionRequest>;

/**
 * The command table: every command a person can give, with its request and response. One declaration
 * each; the core implements exactly these (CoreCommands), and the front ends adapt them.
 */
export const coreCommands = {
  start: { request: StartSessionRequest, response: Started },
  plan: { request: PlanSessionRequest, response: PlanPreview },
  decide: { request: DecideRequest, response: DecideOutcome },
  control: { request: ControlRequest, response: ControlResult },
  resume: { request: ResumeRequest, response: Started },
  merge: { request: MergeRequest, response: WorkerMergeResult },
  doctor: { request: z.void(), response: z.array(AgentDoctor) },
  list: { request: z.void(), response: z.array(SessionListItem) },
  show: { request: ShowRequest, response: SessionState },
  clean: { request: CleanRequest, response: CleanReport },
  delete: { request: DeleteSessionRequest, response: CleanReport },
} as const;

export type CoreCommandName = keyof typeof coreCommands;
export type CoreRequest<N extends CoreCommandName> = z.output<(typeof coreCommands)[N]['request']>;
export type CoreResponse<N extends CoreCommandName> = z.output<(typeof coreCommands)[N]['response']>;
