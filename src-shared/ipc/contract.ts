import { z } from 'zod';
import { AgentName, Event, IsoDate, SessionState, SessionStatus } from '../models';
import type { CommandName, EventChannel } from './channels';

const SessionId = z.string().min(1).max(200);

/** Generous bounds only: the service enforces its own limits and words them for people. */
export const StartSessionRequest = z.strictObject({
  task: z.string().max(1_000_000),
  repo: z.string().max(4_096),
  agents: z.array(AgentName).max(16).optional(),
  demo: z.boolean(),
});
export type StartSessionRequest = z.infer<typeof StartSessionRequest>;

export const SessionListItem = z.object({
  sessionId: z.string(),
  task: z.string(),
  repo: z.string(),
  status: SessionStatus,
  startedAt: IsoDate,
  demo: z.boolean(),
});
export type SessionListItem = z.infer<typeof SessionListItem>;

export const ControlCommand = z.enum(['pause', 'resume', 'stop']);
export type ControlCommand = z.infer<typeof ControlCommand>;

/**
 * Every command the renderer can invoke. Main registers one handler per entry and parses the input with it;
 * the types of the preload's `window.orchestrator` are derived from it. Domain checks (an empty task, a path
 * that is no repository) stay in the service, which words them for people; these schemas only guard shape.
 */
export const commands = {
  'sessions:list': { input: z.void(), output: z.array(SessionListItem) },
  'session:start': {
    input: StartSessionRequest,
    output: z.object({ sessionId: z.string(), folder: z.string() }),
  },
  'session:state': { input: z.strictObject({ sessionId: SessionId }), output: SessionState },
  'session:control': {
    input: z.strictObject({
      sessionId: SessionId,
      command: ControlCommand,
      workerId: z.string().min(1).optional(),
    }),
    output: z.null(),
  },
  /** Every event with seq > afterSeq, then live, on `session:events`; replaces this window's earlier one. */
  'session:subscribe': {
    input: z.strictObject({ sessionId: SessionId, afterSeq: z.number().int().nonnegative() }),
    output: z.null(),
  },
  'session:unsubscribe': { input: z.strictObject({ sessionId: SessionId }), output: z.null() },
  /** The folder the person chose in a native dialog, or null when they cancelled. */
  'app:pickRepository': { input: z.void(), output: z.string().nullable() },
} satisfies Record<CommandName, { input: z.ZodType; output: z.ZodType }>;

export const SessionEventsPayload = z.object({ sessionId: z.string(), events: z.array(Event) });
/** Spelled out because the schema's inferred event type is looser than the Event union it checks. */
export type SessionEventsPayload = { sessionId: string; events: Event[] };

export const eventChannels = {
  'session:events': SessionEventsPayload,
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
  /** Every `session:events` batch; returns the unsubscribe. */
  readonly onEvents: (listener: (payload: SessionEventsPayload) => void) => () => void;
};
