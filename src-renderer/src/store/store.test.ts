import { describe, expect, it, vi } from 'vitest';
import type { SessionEventsPayload } from '../../../src-shared/ipc/contract';
import type { Event, SessionState } from '../../../src-shared/models';
import { ClientError, type OrchestratorClient } from '../client/orchestrator-client';
import { createAppStore } from './store';

const state: SessionState = {
  sessionId: 's1',
  task: 'Add a guide',
  repo: '/src/app',
  folder: '/w/s1',
  status: 'completed',
  demo: true,
  baseCommit: null,
  startedAt: '2026-01-01T10:00:00.000Z',
  endedAt: '2026-01-01T10:01:00.000Z',
  workers: [],
};

const statusEvent = (seq: number, sessionId = 's1'): Event => ({
  seq,
  ts: '2026-01-01T10:00:00.000Z',
  sessionId,
  type: 'session_status',
  payload: { status: 'running' },
});

function fakeClient(overrides: Partial<OrchestratorClient> = {}): OrchestratorClient {
  return {
    listSessions: vi.fn(async () => []),
    startSession: vi.fn(async () => ({ sessionId: 's1', folder: '/w/s1' })),
    sessionState: vi.fn(async () => state),
    control: vi.fn(async () => {}),
    subscribe: vi.fn(async () => {}),
    unsubscribe: vi.fn(async () => {}),
    pickRepository: vi.fn(async () => null),
    onEvents: vi.fn(() => () => {}),
    ...overrides,
  };
}

describe('app store', () => {
  it('starts a session, then shows it from its whole log', async () => {
    const client = fakeClient();
    const store = createAppStore(client);
    await store.getState().startSession({ task: 'Add a guide', repo: '/src/app', demo: true });
    expect(store.getState().screen).toBe('session');
    expect(client.subscribe).toHaveBeenCalledWith('s1', 0);
    // The snapshot says completed, but the page shows what the log says, from its beginning.
    expect(store.getState().view?.state?.status).toBe('pending');
    store.getState().applyEvents({ sessionId: 's1', events: [statusEvent(1)] });
    expect(store.getState().view?.state?.status).toBe('running');
    expect(store.getState().view?.lastSeq).toBe(1);
  });

  it('ignores batches of a session that is not open', async () => {
    const store = createAppStore(fakeClient());
    await store.getState().openSession('s1');
    const before = store.getState().view;
    store
      .getState()
      .applyEvents({ sessionId: 'other', events: [statusEvent(1, 'other')] } as SessionEventsPayload);
    expect(store.getState().view).toBe(before);
  });

  it('resubscribes after the last seq it has when the same session is opened again', async () => {
    const client = fakeClient();
    const store = createAppStore(client);
    await store.getState().openSession('s1');
    store.getState().applyEvents({ sessionId: 's1', events: [statusEvent(1), statusEvent(2)] });
    store.getState().showSessions();
    await store.getState().openSession('s1');
    expect(client.sessionState).toHaveBeenCalledTimes(1);
    expect(client.subscribe).toHaveBeenLastCalledWith('s1', 2);
  });

  it('lets the form see the refusal of a start, and stays on the form', async () => {
    const refusal = new ClientError('bad_repo', 'repository not found: /nope');
    const store = createAppStore(fakeClient({ startSession: vi.fn(async () => Promise.reject(refusal)) }));
    await expect(store.getState().startSession({ task: 't', repo: '/nope', demo: true })).rejects.toBe(
      refusal,
    );
    expect(store.getState().screen).toBe('new');
    expect(store.getState().view).toBeNull();
  });

  it('shows why a stop failed', async () => {
    const client = fakeClient({
      control: vi.fn(async () => Promise.reject(new ClientError('not_running', 'not running'))),
    });
    const store = createAppStore(client);
    await store.getState().openSession('s1');
    await store.getState().control('stop');
    expect(client.control).toHaveBeenCalledWith('s1', 'stop', undefined);
    expect(store.getState().view).toMatchObject({ error: 'not running', busy: {} });
  });

  it('marks a control busy while it is on its way', async () => {
    let release!: () => void;
    const client = fakeClient({ control: vi.fn(() => new Promise<void>((r) => (release = r))) });
    const store = createAppStore(client);
    await store.getState().openSession('s1');
    const pending = store.getState().control('pause', 'claude');
    expect(store.getState().view?.busy).toEqual({ 'pause:claude': true });
    release();
    await pending;
    expect(store.getState().view?.busy).toEqual({});
    expect(client.control).toHaveBeenCalledWith('s1', 'pause', 'claude');
  });

  it('resumes a stored session, then shows it and follows its new events', async () => {
    const client = fakeClient({ resumeSession: vi.fn(async () => ({ sessionId: 's1', folder: '/w/s1' })) });
    const store = createAppStore(client);
    await store.getState().resumeSession('s1');
    expect(client.resumeSession).toHaveBeenCalledWith('s1');
    expect(store.getState().screen).toBe('session');
    expect(client.subscribe).toHaveBeenCalledWith('s1', 0);
    expect(store.getState().resuming).toEqual({});
  });

  it('says why a resume failed in the list', async () => {
    const client = fakeClient({
      resumeSession: vi.fn(async () =>
        Promise.reject(new ClientError('not_resumable', 'session s1 is completed')),
      ),
    });
    const store = createAppStore(client);
    await store.getState().resumeSession('s1');
    expect(store.getState().sessionsError).toBe('Could not resume: session s1 is completed');
  });

  it('keeps the list status current from the open session events', async () => {
    const client = fakeClient({
      listSessions: vi.fn(async () => [
        {
          sessionId: 's1',
          task: 't',
          repo: '/r',
          status: 'running' as const,
          startedAt: state.startedAt,
          demo: true,
        },
      ]),
    });
    const store = createAppStore(client);
    await store.getState().refreshSessions();
    store.getState().applyEvents({
      sessionId: 's1',
      events: [{ ...statusEvent(1), payload: { status: 'completed' } } as Event],
    });
    expect(store.getState().sessions[0]?.status).toBe('completed');
  });

  it('knows which features its client offers', () => {
    const store = createAppStore(fakeClient());
    expect(store.getState().capabilities).toMatchObject({ resume: false, rawLog: false, diff: false });
  });
});
