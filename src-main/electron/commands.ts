import type { SessionState } from '../../src-shared/models';
import type { ControlCommand, SessionListItem, StartSessionRequest } from '../../src-shared/ipc/contract';
import type { EventForwarder, EventSource } from './event-forwarder';
import { CommandError, type CommandHandlers } from './ipc-server';

/** What the commands need of the core's SessionService (structural, so tests pass a fake). */
export interface SessionApi extends EventSource {
  start(request: StartSessionRequest): Promise<{ sessionId: string; folder: string }>;
  list(): SessionListItem[];
  state(sessionId: string): SessionState | null;
  control(sessionId: string, command: ControlCommand, workerId?: string): Promise<void>;
}

export interface CommandDeps {
  service: SessionApi;
  forwarder: EventForwarder;
  /** Opens the native folder dialog; null when the person cancels. */
  pickRepository: () => Promise<string | null>;
}

/** One handler per contract entry; each is a thin call into the core. */
export function createCommandHandlers({ service, forwarder, pickRepository }: CommandDeps): CommandHandlers {
  const requireSession = (sessionId: string): SessionState => {
    const state = service.state(sessionId);
    if (!state) throw new CommandError('not_found', `There is no session ${sessionId}.`);
    return state;
  };
  return {
    'sessions:list': () => service.list(),
    'session:start': (request) => service.start(request),
    'session:state': ({ sessionId }) => requireSession(sessionId),
    'session:control': async ({ sessionId, command, workerId }) => {
      requireSession(sessionId);
      await service.control(sessionId, command, workerId);
      return null;
    },
    'session:subscribe': ({ sessionId, afterSeq }, sender) => {
      requireSession(sessionId);
      forwarder.subscribe(sender, sessionId, afterSeq);
      return null;
    },
    'session:unsubscribe': ({ sessionId }, sender) => {
      forwarder.unsubscribe(sender.id, sessionId);
      return null;
    },
    'app:pickRepository': () => pickRepository(),
  };
}
