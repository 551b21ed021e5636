import { describe, expect, it, vi } from 'vitest';
import type { SaveConfigResult } from '../../src-shared/ipc/contract';
import type { Event, SessionState } from '../../src-shared/models';
import { createCommandHandlers, type SessionApi } from './commands';
import { EventForwarder } from './event-forwarder';

const state = {
  sessionId: 's1',
  workers: [
    { workerId: 'claude', status: 'needs_input' },
    { workerId: 'codex', status: 'running' },
  ],
} as SessionState;
const event = (seq: number): Event => ({
  seq,
  ts: '2026-01-01T00:00:00.000Z',
  sessionId: 's1',
  type: 'session_status',
  payload: { status: 'running' },
});

function setup(save: (text: string) => SaveConfigResult = () => ({ saved: true, path: '/c.json' })) {
  const feeds = new Map<string, (events: Event[], lines?: string[]) => void>();
  const unsubscribed: string[] = [];
  const service: SessionApi = {
    start: vi.fn(async () => ({ sessionId: 's2', folder: '/w/s2' })),
    plan: vi.fn(async (request: { task: string; agents?: string[] | undefined }) => ({
      breakdown: {
        task: request.task,
        assignments: (request.agents ?? []).map((agent) => ({
          agent,
          title: `${agent}'s part`,
          instructions: `do ${agent}'s part of ${request.task}`,
          scope: [],
        })),
        source: 'agent' as const,
      },
      planner: 'claude',
      fallback: null,
    })),
    reloadConfig: vi.fn(),
    resume: vi.fn(async (sessionId: string) => ({ sessionId, folder: `/w/${sessionId}` })),
    diff: vi.fn(async () => ({ base: 'abc', patch: '', files: [] })),
    outcomes: vi.fn(async () => ({ target: 'main', checkout: 'main', workers: [] })),
    merge: vi.fn(async (_s: string, workerId: string) => ({
      workerId,
      branch: `orchestrator/s1/${workerId}`,
      outcome: 'fast-forward' as const,
      target: 'main',
      commit: 'c0ffee',
      files: ['A.md'],
      committed: true,
      text: 'merged',
    })),
    // The service's own check (see merge-worker.test.ts): claude has a worktree, codex worked in place.
    worktreePath: vi.fn(async (_s: string, workerId: string) => {
      if (workerId !== 'claude') throw new Error(`${workerId} worked in place`);
      return '/w/s1/worktrees/claude';
    }),
    branchOf: vi.fn((_s: string, workerId: string) => `orchestrator/s1/${workerId}`),
    rawLog: vi.fn(async (_s: string, _w: string, from: number) => ({ from, lines: ['{}'], total: 1 })),
    rawSearch: vi.fn(async () => ({ lines: [3], total: 1, searched: 9 })),
    log: vi.fn(async (_s: string, _w: string | null, _t: string | null, from: number) => ({
      from,
      events: [],
      total: 0,
    })),
    logSearch: vi.fn(async () => ({ places: [2], total: 1, searched: 4 })),
    prepareLogs: vi.fn(),
    list: vi.fn(() => []),
    state: (id) => (id === 's1' ? state : null),
    control: vi.fn(async () => {}),
    answer: vi.fn(async () => {}),
    // s1 waited with no process: deciding continues it, as a session of its own to follow.
    decide: vi.fn(async ({ sessionId }: { sessionId: string }) => ({ sessionId, folder: `/w/${sessionId}` })),
    subscribe: vi.fn((sessionId: string, _afterSeq: number, onBatch: (events: Event[]) => void) => {
      feeds.set(sessionId, onBatch);
      return () => unsubscribed.push(sessionId);
    }),
  };
  const forwarder = new EventForwarder(service);
  const launched: string[] = [];
  const opened: string[] = [];
  const copied: string[] = [];
  const handlers = createCommandHandlers({
    service,
    forwarder,
    pickRepository: async () => null,
    openFolder: async (path) => {
      opened.push(path);
      return path.includes('broken') ? 'no application for it' : '';
    },
    copyText: (text) => copied.push(text),
    doctor: async () => [],
    config: {
      get: () => ({ path: '/c.json', text: '{}', exists: false, issues: [] }),
      save,
    },
    onSessionLaunched: (sessionId) => launched.push(sessionId),
  });
  const page = { id: 3, send: vi.fn(), isDestroyed: vi.fn(() => false) };
  return { service, forwarder, handlers, page, feeds, unsubscribed, launched, opened, copied };
}

describe('session commands', () => {
  it('forwards the batches of a subscription to the page that asked, from the seq it asked for', async () => {
    const { handlers, page, feeds, service } = setup();
    await handlers['session:subscribe']({ sessionId: 's1', afterSeq: 41 }, page);
    expect(service.subscribe).toHaveBeenCalledWith('s1', 41, expect.any(Function), expect.any(Function));
    feeds.get('s1')!([event(42), event(43)]);
    expect(page.send).toHaveBeenCalledWith('session:events', {
      sessionId: 's1',
      lastSeq: 43,
      eventsJson: JSON.stringify([event(42), event(43)]),
    });
    // With the text the hub made when it logged them, that text is what goes, as it was.
    feeds.get('s1')!([event(44)], ['{"seq":44,"as":"logged"}']);
    expect(page.send).toHaveBeenLastCalledWith('session:events', {
      sessionId: 's1',
      lastSeq: 44,
      eventsJson: '[{"seq":44,"as":"logged"}]',
    });
  });

  it('replaces an earlier subscription of the same page to the same session', async () => {
    const { handlers, page, forwarder, unsubscribed } = setup();
    await handlers['session:subscribe']({ sessionId: 's1', afterSeq: 0 }, page);
    await handlers['session:subscribe']({ sessionId: 's1', afterSeq: 10 }, page);
    expect(unsubscribed).toEqual(['s1']);
    expect(forwarder.count(page.id)).toBe(1);
  });

  it('ends every subscription of a page whose document is gone', async () => {
    const { handlers, page, forwarder, unsubscribed } = setup();
    await handlers['session:subscribe']({ sessionId: 's1', afterSeq: 0 }, page);
    forwarder.dropSender(page.id);
    expect(unsubscribed).toEqual(['s1']);
    expect(forwarder.count(page.id)).toBe(0);
  });

  it('stops forwarding to a destroyed page', async () => {
    const { handlers, page, feeds, unsubscribed } = setup();
    await handlers['session:subscribe']({ sessionId: 's1', afterSeq: 0 }, page);
    page.isDestroyed.mockReturnValue(true);
    feeds.get('s1')!([event(1)]);
    expect(page.send).not.toHaveBeenCalled();
    expect(unsubscribed).toEqual(['s1']);
  });

  it('refuses to subscribe to or control a session that does not exist', async () => {
    const { handlers, page, service } = setup();
    expect(() => handlers['session:subscribe']({ sessionId: 'nope', afterSeq: 0 }, page)).toThrow(
      /no session nope/,
    );
    await expect(
      handlers['session:control']({ sessionId: 'nope', command: 'stop' }, page),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(service.control).not.toHaveBeenCalled();
  });
});

describe('worker and decision commands', () => {
  it('resumes a stored session and follows it for notifications', async () => {
    const { handlers, page, service, launched } = setup();
    expect(await handlers['session:resume']({ sessionId: 's1' }, page)).toEqual({
      sessionId: 's1',
      folder: '/w/s1',
    });
    expect(service.resume).toHaveBeenCalledWith('s1');
    await handlers['session:start']({ task: 't', repo: '/r', demo: true }, page);
    expect(launched).toEqual(['s1', 's2']);
  });

  it('hands a decision to the core as asked, never picking a worker itself, and follows a session it resumes', async () => {
    const { handlers, page, service, launched } = setup();
    const unnamed = { sessionId: 's1', choice: 'resume' as const, answer: 'use redis' };
    await handlers['session:decide'](unnamed, page);
    // The page named no worker: none is filled in here (the core refuses it, naming the open questions).
    expect(service.decide).toHaveBeenLastCalledWith(unnamed);
    const named = {
      sessionId: 's1',
      decisionId: '7',
      workerId: 'codex',
      choice: 'answer' as const,
      answer: 'x',
    };
    await handlers['session:decide'](named, page);
    expect(service.decide).toHaveBeenLastCalledWith(named);
    expect(service.answer).not.toHaveBeenCalled();
    expect(service.control).not.toHaveBeenCalled();
    expect(launched).toEqual(['s1', 's1']);
    await expect(
      handlers['session:decide']({ sessionId: 'nope', choice: 'stop_session' }, page),
    ).rejects.toThrow(/no session nope/);
  });

  it('reads raw pages and diffs of a worker the session has, and only those', async () => {
    const { handlers, page, service } = setup();
    expect(
      await handlers['worker:rawLog']({ sessionId: 's1', workerId: 'claude', from: 5, count: 10 }, page),
    ).toEqual({ from: 5, lines: ['{}'], total: 1 });
    expect(service.rawLog).toHaveBeenCalledWith('s1', 'claude', 5, 10);
    await handlers['worker:diff']({ sessionId: 's1', workerId: 'claude' }, page);
    expect(service.diff).toHaveBeenCalledWith('s1', 'claude');
    expect(() => handlers['worker:diff']({ sessionId: 's1', workerId: 'nobody' }, page)).toThrow(
      /no worker nobody/,
    );
    expect(() =>
      handlers['worker:rawLog']({ sessionId: 'nope', workerId: 'claude', from: 1, count: 1 }, page),
    ).toThrow(/no session nope/);
  });

  it('searches a worker’s raw output and pages and searches the logs of events, of known sessions only', async () => {
    const { handlers, page, service } = setup();
    const search = { sessionId: 's1', workerId: 'claude', query: 'error', from: 1, limit: 100 };
    expect(await handlers['worker:rawSearch'](search, page)).toEqual({ lines: [3], total: 1, searched: 9 });
    expect(service.rawSearch).toHaveBeenCalledWith('s1', 'claude', 'error', 1, 100);
    expect(() => handlers['worker:rawSearch']({ ...search, workerId: 'nobody' }, page)).toThrow(/no worker/);
    await handlers['session:log']({ sessionId: 's1', workerId: null, from: 7, count: 50 }, page);
    expect(service.log).toHaveBeenCalledWith('s1', null, null, 7, 50);
    await handlers['session:logSearch'](
      { sessionId: 's1', workerId: 'codex', type: 'message', query: 'x', from: 1, limit: 10 },
      page,
    );
    expect(service.logSearch).toHaveBeenCalledWith('s1', 'codex', 'message', 'x', 1, 10);
    expect(() =>
      handlers['session:log']({ sessionId: 'nope', workerId: null, from: 1, count: 1 }, page),
    ).toThrow(/no session nope/);
  });

  it('indexes the logs of a session someone subscribes to', async () => {
    const { handlers, page, service } = setup();
    await handlers['session:subscribe']({ sessionId: 's1', afterSeq: 0 }, page);
    expect(service.prepareLogs).toHaveBeenCalledWith('s1');
  });
});

describe('review & merge commands', () => {
  it('merges through the core merge, for a worker the session has', async () => {
    const { handlers, page, service } = setup();
    expect(await handlers['worker:merge']({ sessionId: 's1', workerId: 'claude' }, page)).toMatchObject({
      target: 'main',
      outcome: 'fast-forward',
    });
    expect(service.merge).toHaveBeenCalledWith('s1', 'claude');
    expect(() => handlers['worker:merge']({ sessionId: 's1', workerId: 'nobody' }, page)).toThrow(
      /no worker nobody/,
    );
    await handlers['session:outcomes']({ sessionId: 's1' }, page);
    expect(service.outcomes).toHaveBeenCalledWith('s1');
  });

  it('opens only the worktree folder the core vouches for, and says when the file manager fails', async () => {
    const { handlers, page, service, opened } = setup();
    expect(await handlers['worker:openWorktree']({ sessionId: 's1', workerId: 'claude' }, page)).toEqual({
      path: '/w/s1/worktrees/claude',
    });
    await expect(
      handlers['worker:openWorktree']({ sessionId: 's1', workerId: 'codex' }, page),
    ).rejects.toThrow(/worked in place/);
    expect(opened).toEqual(['/w/s1/worktrees/claude']);
    vi.mocked(service.worktreePath).mockResolvedValueOnce('/w/broken');
    await expect(
      handlers['worker:openWorktree']({ sessionId: 's1', workerId: 'claude' }, page),
    ).rejects.toMatchObject({
      code: 'open_failed',
      message: 'Could not open /w/broken: no application for it',
    });
  });

  it('copies the worker’s branch name, not text from the page', async () => {
    const { handlers, page, copied } = setup();
    expect(await handlers['worker:copyBranch']({ sessionId: 's1', workerId: 'codex' }, page)).toEqual({
      branch: 'orchestrator/s1/codex',
    });
    expect(copied).toEqual(['orchestrator/s1/codex']);
  });
});

describe('plan and settings commands', () => {
  it('previews a plan through the service without launching a session', async () => {
    const { handlers, page, service, launched } = setup();
    const preview = await handlers['session:plan'](
      { task: 'add docs', repo: '/r', agents: ['claude', 'codex'], demo: true },
      page,
    );
    expect(service.plan).toHaveBeenCalledWith({
      task: 'add docs',
      repo: '/r',
      agents: ['claude', 'codex'],
      demo: true,
    });
    expect(preview.breakdown.assignments.map((a) => a.agent)).toEqual(['claude', 'codex']);
    expect(service.start).not.toHaveBeenCalled();
    expect(launched).toEqual([]);
  });

  it('reloads the service config after a save, and only when the file was written', async () => {
    let valid = false;
    const { handlers, page, service } = setup(() =>
      valid
        ? { saved: true, path: '/c.json' }
        : { saved: false, issues: [{ path: ['limits'], message: 'bad' }] },
    );
    expect(await handlers['config:save']({ text: '{"limits":1}' }, page)).toMatchObject({ saved: false });
    expect(service.reloadConfig).not.toHaveBeenCalled();
    valid = true;
    expect(await handlers['config:save']({ text: '{}' }, page)).toEqual({ saved: true, path: '/c.json' });
    expect(service.reloadConfig).toHaveBeenCalledTimes(1);
  });
});
