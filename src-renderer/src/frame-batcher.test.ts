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
  it('hands on a batch at once after a quiet frame, and the rest of that frame at its end, merged', () => {
    let flush: () => void = () => {};
    let time = 1_000;
    const apply = vi.fn();
    const push = createFrameBatcher(
      apply,
      (f) => (flush = f),
      () => time,
    );
    push({ sessionId: 's1', events: [event(1)] });
    expect(apply).toHaveBeenCalledTimes(1);
    time += 5;
    push({ sessionId: 's2', events: [event(1, 's2')] });
    push({ sessionId: 's1', events: [event(2), event(3)] });
    expect(apply).toHaveBeenCalledTimes(1);
    flush();
    expect(apply).toHaveBeenCalledTimes(3);
    expect(apply.mock.calls[2]![0].events.map((e: Event) => e.seq)).toEqual([2, 3]);
    // A frame later, the next batch goes on at once again.
    time += 20;
    push({ sessionId: 's1', events: [event(4)] });
    expect(apply).toHaveBeenCalledTimes(4);
  });
});
