import { describe, expect, it, vi } from 'vitest';
import type { Event } from '../../src-shared/models';
import { createFrameBatcher } from './frame-batcher';

const event = (seq: number, sessionId = 's1'): Event => ({
  seq,
  ts: '2026-01-01T10:00:00.000Z',
  sessionId,
  type: 'session_status',
  payload: { status: 'running' },
});

describe('frame batcher', () => {
  it('hands on every batch of a frame at once, merged per session and in order', () => {
    let flush: () => void = () => {};
    const apply = vi.fn();
    const push = createFrameBatcher(apply, (f) => (flush = f));
    push({ sessionId: 's1', events: [event(1)] });
    push({ sessionId: 's2', events: [event(1, 's2')] });
    push({ sessionId: 's1', events: [event(2), event(3)] });
    expect(apply).not.toHaveBeenCalled();
    flush();
    expect(apply).toHaveBeenCalledTimes(2);
    expect(apply.mock.calls[0]![0].events.map((e: Event) => e.seq)).toEqual([1, 2, 3]);
    push({ sessionId: 's1', events: [event(4)] });
    flush();
    expect(apply).toHaveBeenCalledTimes(3);
  });
});
