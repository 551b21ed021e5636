import type {
  AgentDoctor,
  ConfigDocument,
  ControlCommand,
  RawLogPage,
  SaveConfigResult,
  SessionListItem,
  StartSessionRequest,
  WorkerDiff,
} from '../../src-shared/ipc/contract';
import type { SessionState } from '../../src-shared/models';
import type { EventForwarder, EventSource } from './event-forwarder';
import { CommandError, type CommandHandlers } from './ipc-server';

/** What the commands need of the core's SessionService (structural, so tests pass a fake). */
export interface SessionApi extends EventSource {
  start(request: StartSessionRequest): Promise<{ sessionId: string; folder: string }>;
  resume(sessionId: string): Promise<{ sessionId: string; folder: string }>;
  list(): SessionListItem[];
  state(sessionId: string): SessionState | null;
  control(sessionId: string, command: ControlCommand, workerId?: string): Promise<void>;
  answer(sessionId: string, workerId: string, message: string): Promise<void>;
  diff(sessionId: string, workerId: string): Promise<WorkerDiff>;
  rawLog(sessionId: string, workerId: string, from: number, count: number): RawLogPage;
}

export interface CommandDeps {
  service: SessionApi;
  forwarder: EventForwarder;
  /** Opens the native folder dialog; null when the person cancels. */
  pickRepository: () => Promise<string | null>;
  doctor: () => Promise<AgentDoctor[]>;
  config: { get(): ConfigDocument; save(text: string): SaveConfigResult };
  /** Every session this app starts or resumes, from the moment it was asked for (for notifications). */
  onSessionLaunched?: (sessionId: string, since: number) => void;
}

/** One handler per contract entry; each is a thin call into the core. */
export function createCommandHandlers(deps: CommandDeps): CommandHandlers {
  const { service, forwarder } = deps;
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
    'sessions:list': () => service.list(),
    'session:start': (request) => launched(() => service.start(request)),
    'session:resume': ({ sessionId }) => {
      requireSession(sessionId);
      return launched(() => service.resume(sessionId));
    },
    'session:state': ({ sessionId }) => requireSession(sessionId),
    'session:control': async ({ sessionId, command, workerId }) => {
      requireSession(sessionId);
      await service.control(sessionId, command, workerId);
      return null;
    },
    // An answer goes to the worker that asked, relaunched on its own CLI conversation with it; "resume
    // anyway" without one continues the paused worker; stop ends the session. The log records which.
    'session:decide': async ({ sessionId, choice, answer, workerId }) => {
      const state = requireSession(sessionId);
      const target = workerId ?? state.workers.find((w) => w.status === 'needs_input')?.workerId;
      if (choice === 'resume' && answer && answer.trim() !== '' && target) {
        await service.answer(sessionId, target, answer);
      } else {
        await service.control(sessionId, choice, choice === 'resume' ? target : undefined);
      }
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
    'worker:rawLog': ({ sessionId, workerId, from, count }) => {
      requireWorker(sessionId, workerId);
      return service.rawLog(sessionId, workerId, from, count);
    },
    'worker:diff': ({ sessionId, workerId }) => {
      requireWorker(sessionId, workerId);
      return service.diff(sessionId, workerId);
    },
    'agents:doctor': () => deps.doctor(),
    'config:get': () => deps.config.get(),
    'config:save': ({ text }) => deps.config.save(text),
    'app:pickRepository': () => deps.pickRepository(),
  };
}
