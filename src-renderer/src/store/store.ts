import { create, type StateCreator } from 'zustand';
import type {
  SessionEventsPayload,
  SessionListItem,
  StartSessionRequest,
} from '../../../src-shared/ipc/contract';
import type { OrchestratorClient } from '../client/orchestrator-client';
import { emptyView, foldEvents, initialStateOf, type SessionView } from './session-view';

export type Screen = 'new' | 'sessions' | 'session';

export interface NavigationSlice {
  screen: Screen;
  showNewTask(): void;
  showSessions(): void;
}

export interface SessionsSlice {
  sessions: readonly SessionListItem[];
  sessionsError: string | null;
  refreshSessions(): Promise<void>;
}

export interface SessionViewSlice {
  view: SessionView | null;
  /** Throws the client's error so the form can show it beside the field it is about. */
  startSession(request: StartSessionRequest): Promise<void>;
  openSession(sessionId: string): Promise<void>;
  stopSession(): Promise<void>;
}

export interface RootActions {
  /** The one entry point of every event batch from the app. */
  applyEvents(payload: SessionEventsPayload): void;
}

export type AppState = NavigationSlice & SessionsSlice & SessionViewSlice & RootActions;
type Slice<T> = StateCreator<AppState, [], [], T>;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const navigationSlice = (): Slice<NavigationSlice> => (set) => ({
  screen: 'new',
  showNewTask: () => set({ screen: 'new' }),
  showSessions: () => set({ screen: 'sessions' }),
});

const sessionsSlice =
  (client: OrchestratorClient): Slice<SessionsSlice> =>
  (set) => ({
    sessions: [],
    sessionsError: null,
    refreshSessions: async () => {
      try {
        set({ sessions: await client.listSessions(), sessionsError: null });
      } catch (error) {
        set({ sessionsError: messageOf(error) });
      }
    },
  });

const sessionViewSlice =
  (client: OrchestratorClient): Slice<SessionViewSlice> =>
  (set, get) => {
    const updateView = (sessionId: string, change: (view: SessionView) => SessionView): void => {
      const view = get().view;
      if (view?.sessionId === sessionId) set({ view: change(view) });
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
        set({ screen: 'session', view });
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
      stopSession: async () => {
        const view = get().view;
        if (!view) return;
        updateView(view.sessionId, (v) => ({ ...v, stopping: true, error: null }));
        try {
          await client.control(view.sessionId, 'stop');
        } catch (error) {
          updateView(view.sessionId, (v) => ({ ...v, error: messageOf(error) }));
        } finally {
          updateView(view.sessionId, (v) => ({ ...v, stopping: false }));
        }
      },
    };
  };

const rootActions = (): Slice<RootActions> => (set, get) => ({
  applyEvents: ({ sessionId, events }) => {
    const view = get().view;
    if (view?.sessionId !== sessionId) return;
    const next = foldEvents(view, events);
    if (next !== view) set({ view: next });
  },
});

export function createAppStore(client: OrchestratorClient) {
  return create<AppState>()((...a) => ({
    ...navigationSlice()(...a),
    ...sessionsSlice(client)(...a),
    ...sessionViewSlice(client)(...a),
    ...rootActions()(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
