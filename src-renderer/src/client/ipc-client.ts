import { readSessionEvents, type Envelope, type OrchestratorApi } from '../../../src-shared/ipc/contract';
import { ClientError, type OrchestratorClient } from './orchestrator-client';

async function unwrap<T>(pending: Promise<Envelope<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new ClientError(result.error.code, result.error.message);
  return result.value;
}

/** The client over the preload's `window.orchestrator`. */
export function createIpcClient(api: OrchestratorApi): OrchestratorClient {
  return {
    listSessions: () => unwrap(api.sessions.list()),
    startSession: (request) => unwrap(api.session.start(request)),
    planSession: (request) => unwrap(api.session.plan(request)),
    resumeSession: (sessionId) => unwrap(api.session.resume({ sessionId })),
    deleteSession: (sessionId, force) => unwrap(api.session.delete({ sessionId, force })),
    sessionState: (sessionId) => unwrap(api.session.state({ sessionId })),
    control: async (sessionId, command, workerId) => {
      await unwrap(
        api.session.control(
          workerId === undefined ? { sessionId, command } : { sessionId, command, workerId },
        ),
      );
    },
    decide: async (request) => {
      await unwrap(api.session.decide(request));
    },
    subscribe: async (sessionId, afterSeq) => {
      await unwrap(api.session.subscribe({ sessionId, afterSeq }));
    },
    unsubscribe: async (sessionId) => {
      await unwrap(api.session.unsubscribe({ sessionId }));
    },
    rawLog: (sessionId, workerId, from, count) =>
      unwrap(api.worker.rawLog({ sessionId, workerId, from, count })),
    rawSearch: (sessionId, workerId, query, from, limit) =>
      unwrap(api.worker.rawSearch({ sessionId, workerId, query, from, limit })),
    log: (sessionId, { workerId, type }, from, count) =>
      unwrap(api.session.log({ sessionId, workerId, ...(type ? { type } : {}), from, count })),
    logSearch: (sessionId, { workerId, type }, query, from, limit) =>
      unwrap(api.session.logSearch({ sessionId, workerId, ...(type ? { type } : {}), query, from, limit })),
    diff: (sessionId, workerId) => unwrap(api.worker.diff({ sessionId, workerId })),
    outcomes: (sessionId) => unwrap(api.session.outcomes({ sessionId })),
    merge: (sessionId, workerId) => unwrap(api.worker.merge({ sessionId, workerId })),
    openWorktree: (sessionId, workerId) => unwrap(api.worker.openWorktree({ sessionId, workerId })),
    copyBranch: (sessionId, workerId) => unwrap(api.worker.copyBranch({ sessionId, workerId })),
    doctor: () => unwrap(api.agents.doctor()),
    getConfig: () => unwrap(api.config.get()),
    saveConfig: (text) => unwrap(api.config.save({ text })),
    pickRepository: () => unwrap(api.app.pickRepository()),
    // The batch crossed as JSON text: parsed here, once, in the page's own world.
    onEvents: (listener) => api.onEvents((wire) => listener(readSessionEvents(wire))),
  };
}
