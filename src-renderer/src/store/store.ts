import { create } from 'zustand';
import type { SessionListItem } from '../../../src-shared/ipc/contract';
import type { Event } from '../../../src-shared/models';
import type { OrchestratorClient } from '../client/orchestrator-client';
import { navigationSlice } from './navigation-slice';
import { foldEvents } from './session-view';
import { sessionViewSlice } from './session-view-slice';
import { sessionsSlice } from './sessions-slice';
import type { AppState, RootActions, Slice } from './types';
import { uiSlice } from './ui-slice';

export type { AppState, Screen } from './types';

/** The list shows the status the open session's log says, without waiting for the next refresh. */
function withLiveStatus(sessions: readonly SessionListItem[], sessionId: string, events: readonly Event[]) {
  const last = events.findLast((e) => e.type === 'session_status');
  if (!last || last.type !== 'session_status') return sessions;
  const index = sessions.findIndex((s) => s.sessionId === sessionId);
  if (index < 0 || sessions[index]!.status === last.payload.status) return sessions;
  const next = [...sessions];
  next[index] = { ...sessions[index]!, status: last.payload.status };
  return next;
}

const rootActions =
  (client: OrchestratorClient): Slice<RootActions> =>
  (set, get) => ({
    capabilities: {
      resume: client.resumeSession !== undefined,
      decide: client.decide !== undefined,
      rawLog: client.rawLog !== undefined,
      diff: client.diff !== undefined,
      doctor: client.doctor !== undefined,
      config: client.getConfig !== undefined && client.saveConfig !== undefined,
      outcomes: client.outcomes !== undefined,
      merge: client.merge !== undefined,
      openWorktree: client.openWorktree !== undefined,
    },
    applyEvents: ({ sessionId, events }) => {
      const { view, sessions } = get();
      const listed = withLiveStatus(sessions, sessionId, events);
      if (listed !== sessions) set({ sessions: listed });
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
    ...uiSlice()(...a),
    ...rootActions(client)(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
