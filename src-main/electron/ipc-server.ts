import type { z } from 'zod';
import { COMMAND_NAMES, isCommandName, type CommandName } from '../../src-shared/ipc/channels';
import {
  commands,
  type CommandOutput,
  type Envelope,
  type IpcError,
  type IpcErrorCode,
  type ParsedInput,
} from '../../src-shared/ipc/contract';
import { UserInputError } from '../coordinator/errors';

/** The parts of Electron's frame and IPC event the server reads; structural so tests run in plain Node. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}
export interface SenderLike {
  readonly id: number;
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}
export interface InvokeEventLike {
  readonly sender: SenderLike;
  readonly senderFrame: FrameLike | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, input: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export type CommandHandlers = {
  [N in CommandName]: (
    input: ParsedInput<N>,
    sender: SenderLike,
  ) => Promise<CommandOutput<N>> | CommandOutput<N>;
};

/** A refusal a handler words for the person; anything else thrown becomes `internal`. */
export class CommandError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface IpcServerOptions {
  handlers: CommandHandlers;
  /** Only the main window's top frame at the app's own URL may call anything. */
  isTrustedSender: (event: InvokeEventLike) => boolean;
  onInternalError?: (name: CommandName, error: unknown) => void;
}

const fail = (code: IpcErrorCode, message: string): Envelope<never> => ({
  ok: false,
  error: { code, message },
});

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

function toIpcError(error: unknown): IpcError | null {
  if (error instanceof CommandError) return { code: error.code, message: error.message };
  if (error instanceof UserInputError) return { code: error.code, message: error.message };
  return null;
}

/**
 * Turns the contract into invocable handlers: checks the sender, parses the input, and always answers with
 * an envelope, so the renderer never has to pick apart an Error that crossed the context bridge.
 */
export function createIpcServer(options: IpcServerOptions) {
  async function invoke(name: string, event: InvokeEventLike, input: unknown): Promise<Envelope<unknown>> {
    if (!isCommandName(name)) return fail('unknown_command', `unknown command "${name}"`);
    if (!options.isTrustedSender(event)) return fail('forbidden', 'this page may not call the app');
    const parsed = commands[name].input.safeParse(input);
    if (!parsed.success) return fail('invalid_input', describeIssues(parsed.error));
    try {
      const handler = options.handlers[name] as (input: unknown, sender: SenderLike) => unknown;
      return { ok: true, value: await handler(parsed.data, event.sender) };
    } catch (error) {
      const known = toIpcError(error);
      if (known) return { ok: false, error: known };
      options.onInternalError?.(name, error);
      return fail('internal', `${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function register(ipcMain: IpcMainLike): () => void {
    for (const name of COMMAND_NAMES) ipcMain.handle(name, (event, input) => invoke(name, event, input));
    return () => {
      for (const name of COMMAND_NAMES) ipcMain.removeHandler(name);
    };
  }

  return { invoke, register };
}
