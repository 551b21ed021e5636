import { describe, expect, it, vi } from 'vitest';
import { draft, type Event } from '../../src-shared/models';
import { EventHub } from './event-hub';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('EventHub under a burst', () => {
  it('keeps a subscriber within the in-memory history when a burst outruns the frame timer', async () => {
    const loadRange = vi.fn((): Event[] => []);
    const hub = new EventHub({ sessionId: 's', historyLimit: 100, maxBatch: 50, batchMs: 1000, loadRange });
    const seen: number[] = [];
    hub.subscribe(0, (batch) => seen.push(...batch.map((e) => e.seq)));
    // 40 turns of the loop with 30 events each, all well within one (long) frame.
    for (let t = 0; t < 40; t++) {
      for (let i = 0; i < 30; i++) hub.emit(draft('message', { role: 'assistant', text: `${t}.${i}` }));
      await turn();
    }
    hub.drain();
    expect(loadRange).not.toHaveBeenCalled();
    expect(seen).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
  });

  it('still batches a slow stream by the frame timer', async () => {
    vi.useFakeTimers();
    try {
      const hub = new EventHub({ sessionId: 's', batchMs: 16 });
      const batches: number[] = [];
      hub.subscribe(0, (batch) => batches.push(batch.length));
      for (let i = 0; i < 10; i++) hub.emit(draft('message', { role: 'assistant', text: `${i}` }));
      await vi.advanceTimersByTimeAsync(20);
      expect(batches).toEqual([10]);
    } finally {
      vi.useRealTimers();
    }
  });
});
