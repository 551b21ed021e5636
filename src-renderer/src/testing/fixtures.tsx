import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import type { Event, EventPayloads, EventType, SessionState, WorkerState } from '../../../src-shared/models';
import { ClientContext } from '../client/context';
import type { OrchestratorClient } from '../client/orchestrator-client';
import { StoreContext } from '../store/context';
import { emptyView, initialStateOf } from '../store/session-view';
import { createAppStore, type AppStore } from '../store/store';

export const T0 = Date.parse('2026-01-01T10:00:00.000Z');

/** Stamps events like the hub does: seq in order, ts one second apart unless given. */
export function eventMaker(sessionId = 's1') {
  let seq = 0;
  return <K extends EventType>(type: K, payload: EventPayloads[K], workerId?: string, at?: number): Event =>
    ({
      seq: ++seq,
      ts: new Date(at ?? T0 + seq * 1000).toISOString(),
      sessionId,
      type,
      payload,
      ...(workerId ? { workerId } : {}),
    }) as Event;
}

export const worker = (agent: string, overrides: Partial<WorkerState> = {}): WorkerState => ({
  workerId: agent,
  agent,
  demo: true,
  status: 'running',
  pid: 100,
  exitCode: null,
  sessionRef: null,
  tokens: { input: 0, output: 0, cached: 0 },
  costUsd: null,
  filesChanged: [],
  recoveries: 0,
  branch: `orchestrator/s1/${agent}`,
  cwd: `/w/s1/worktrees/${agent}`,
  startedAt: new Date(T0).toISOString(),
  endedAt: null,
  lastActivity: null,
  ...overrides,
});

export const sessionState = (overrides: Partial<SessionState> = {}): SessionState => ({
  sessionId: 's1',
  task: 'Add rate limiting',
  repo: '/src/api',
  folder: '/w/s1',
  status: 'running',
  demo: true,
  baseCommit: 'abc1234',
  startedAt: new Date(T0).toISOString(),
  endedAt: null,
  workers: ['claude', 'codex', 'gemini'].map((a) => worker(a)),
  ...overrides,
});

export function fakeClient(overrides: Partial<OrchestratorClient> = {}): OrchestratorClient {
  return {
    listSessions: vi.fn(async () => []),
    startSession: vi.fn(async () => ({ sessionId: 's1', folder: '/w/s1' })),
    resumeSession: vi.fn(async () => ({ sessionId: 's1', folder: '/w/s1' })),
    sessionState: vi.fn(async () => sessionState()),
    control: vi.fn(async () => {}),
    decide: vi.fn(async () => {}),
    subscribe: vi.fn(async () => {}),
    unsubscribe: vi.fn(async () => {}),
    rawLog: vi.fn(async (_s: string, _w: string, from: number) => ({ from, lines: [], total: 0 })),
    diff: vi.fn(async () => ({ base: 'abc1234', patch: '', files: [] })),
    doctor: vi.fn(async () => []),
    getConfig: vi.fn(async () => ({ path: '/c/config.json', text: '{}\n', exists: true, issues: [] })),
    saveConfig: vi.fn(async () => ({ saved: true as const, path: '/c/config.json' })),
    pickRepository: vi.fn(async () => null),
    onEvents: vi.fn(() => () => {}),
    ...overrides,
  };
}

/**
 * A store showing session s1 as it is before its first event (the snapshot folded to its start), ready for
 * synthetic batches through applyEvents — the same path the app's IPC batches take.
 */
export function openStore(client = fakeClient(), snapshot = sessionState()): AppStore {
  const store = createAppStore(client);
  store.setState({
    screen: 'session',
    view: { ...emptyView(snapshot.sessionId), state: initialStateOf(snapshot) },
  });
  return store;
}

export function renderWith(store: AppStore, ui: ReactNode, client = fakeClient()) {
  return render(
    <ClientContext.Provider value={client}>
      <StoreContext.Provider value={store}>{ui}</StoreContext.Provider>
    </ClientContext.Provider>,
  );
}

/** What a person reads in an element: its text with whitespace folded (no jest-dom here). */
export const text = (element: Element | null): string =>
  (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
