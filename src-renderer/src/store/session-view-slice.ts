import { ClientError, NOT_IN_THIS_CLIENT, type OrchestratorClient } from '../client/orchestrator-client';
import { emptyView, initialStateOf, type SessionView } from './session-view';
import { messageOf, type SessionViewSlice, type Slice } from './types';

export const busyKey = (command: string, workerId?: string | null): string => `${command}:${workerId ?? '*'}`;

export const sessionViewSlice =
  (client: OrchestratorClient): Slice<SessionViewSlice> =>
  (set, get) => {
    const updateView = (sessionId: string, change: (view: SessionView) => SessionView): void => {
      const view = get().view;
      if (view?.sessionId === sessionId) set({ view: change(view) });
    };
    const setBusy = (sessionId: string, key: string, busy: boolean): void =>
      updateView(sessionId, (v) => {
        const { [key]: _was, ...rest } = v.busy;
        return { ...v, busy: busy ? { ...rest, [key]: true } : rest };
      });
    /** Runs one request for the open session, marking it busy and showing why it failed. */
    const run = async (key: string, request: (sessionId: string) => Promise<void>): Promise<void> => {
      const view = get().view;
      if (!view) return;
      const { sessionId } = view;
      setBusy(sessionId, key, true);
      updateView(sessionId, (v) => ({ ...v, error: null }));
      try {
        await request(sessionId);
      } catch (error) {
        updateView(sessionId, (v) => ({ ...v, error: messageOf(error) }));
      } finally {
        setBusy(sessionId, key, false);
      }
    };
    return {
      view: null,
      startSession: async (request) => {
        const { sessionId } = await client.startSession(request);
        await get().openSession(sessionId);
      },
      openSession: async (sessionId) => {
        const previous = get().view;
        if (previous && previous.sessionId !== sessionId)
          void client.unsubscribe(previous.sessionId).catch(() => {});
        // Reopening the session on screen keeps what it has and asks only for what came after.
        const view = previous?.sessionId === sessionId && previous.state ? previous : emptyView(sessionId);
        const sameSession = previous?.sessionId === sessionId;
        set({
          screen: 'session',
          view: { ...view, error: null },
          ...(sameSession
            ? {}
            : {
                dock: null,
                focusedWorker: null,
                dismissedDecisionSeq: 0,
                notice: null,
                sessionTab: 'workers',
              }),
        });
        try {
          if (!view.state) {
            const snapshot = await client.sessionState(sessionId);
            updateView(sessionId, (v) => ({ ...v, state: initialStateOf(snapshot) }));
          }
          const current = get().view;
          if (current?.sessionId === sessionId) await client.subscribe(sessionId, current.lastSeq);
        } catch (error) {
          updateView(sessionId, (v) => ({ ...v, error: messageOf(error) }));
        }
      },
      control: (command, workerId) =>
        run(busyKey(command, workerId), (sessionId) => client.control(sessionId, command, workerId)),
      decide: ({ answer, ...request }) =>
        // Busy per worker: one card's request in flight leaves the other workers' cards usable.
        run(busyKey('decide', request.workerId), async (sessionId) => {
          if (!client.decide)
            throw new ClientError('unsupported', `Answering decisions is ${NOT_IN_THIS_CLIENT}.`);
          const text = answer?.trim();
          await client.decide({ sessionId, ...request, ...(text ? { answer: text } : {}) });
        }),
    };
  };
