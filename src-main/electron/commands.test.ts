import { describe, expect, it, vi } from 'vitest';
import type { Event, SessionState } from '../../src-shared/models';
import { createCommandHandlers, type SessionApi } from './commands';
import { EventForwarder } from './event-forwarder';

const state = { sessionId: 's1' } as SessionState;
const event = (seq: number): Event => ({
  seq,
  ts: '2026-01-01T00:00:00.000Z',
  sessionId: 's1',
  type: 'session_status',
  payload: { status: 'running' },
});

function setup() {
  const feeds = new Map<string, (events: Event[]) => void>();
  const unsubscribed: string[] = [];
  const service: SessionApi = {
    start: vi.fn(),
    list: vi.fn(() => []),
    state: (id) => (id === 's1' ? state : null),
    control: vi.fn(async () => {}),
    subscribe: vi.fn((sessionId: string, _afterSeq: number, onBatch: (events: Event[]) => void) => {
      feeds.set(sessionId, onBatch);
      return () => unsubscribed.push(sessionId);
    }),
  };
  const forwarder = new EventForwarder(service);
  const handlers = createCommandHandlers({ service, forwarder, pickRepository: async () => null });
  const page = { id: 3, send: vi.fn(), isDestroyed: vi.fn(() => false) };
  return { service, forwarder, handlers, page, feeds, unsubscribed };
}

describe('session commands', () => {
  it('forwards the batches of a subscription to the page that asked, from the seq it asked for', async () => {
    const { handlers, page, feeds, service } = setup();
    await handlers['session:subscribe']({ sessionId: 's1', afterSeq: 41 }, page);
    expect(service.subscribe).toHaveBeenCalledWith('s1', 41, expect.any(Function));
    feeds.get('s1')!([event(42), event(43)]);
    expect(page.send).toHaveBeenCalledWith('session:events', {
      sessionId: 's1',
      events: [event(42), event(43)],
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
