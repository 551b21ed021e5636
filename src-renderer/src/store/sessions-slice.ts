import { ClientError, NOT_IN_THIS_CLIENT, type OrchestratorClient } from '../client/orchestrator-client';
import { messageOf, type SessionsSlice, type Slice } from './types';

export const sessionsSlice =
  (client: OrchestratorClient): Slice<SessionsSlice> =>
  (set, get) => ({
    sessions: [],
    sessionsError: null,
    resuming: {},
    refreshSessions: async () => {
      try {
        set({ sessions: await client.listSessions(), sessionsError: null });
      } catch (error) {
        set({ sessionsError: messageOf(error) });
      }
    },
    resumeSession: async (sessionId) => {
      set({ resuming: { ...get().resuming, [sessionId]: true }, sessionsError: null });
      try {
        if (!client.resumeSession) throw new ClientError('unsupported', `Resuming is ${NOT_IN_THIS_CLIENT}.`);
        await client.resumeSession(sessionId);
        await get().openSession(sessionId);
      } catch (error) {
        const message = `Could not resume: ${messageOf(error)}`;
        if (get().view?.sessionId === sessionId && get().screen === 'session') {
          const view = get().view!;
          set({ view: { ...view, error: message } });
        } else set({ sessionsError: message });
      } finally {
        const { [sessionId]: _done, ...rest } = get().resuming;
        set({ resuming: rest });
      }
    },
  });
