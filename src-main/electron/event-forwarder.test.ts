import { describe, expect, it } from 'vitest';
import { draft, type Event } from '../../src-shared/models';
import { readSessionEvents, type SessionEventsWire } from '../../src-shared/ipc/contract';
import { EventHub } from '../store/event-hub';
import { EventForwarder } from './event-forwarder';

const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** A page that records what reaches it; `confirm` says it holds everything so far, as the preload does. */
function page(id = 1) {
  const received: Event[] = [];
  return {
    id,
    received,
    send(_channel: string, payload: unknown) {
      received.push(...readSessionEvents(payload as SessionEventsWire).events);
    },
    isDestroyed: () => false,
  };
}

describe('EventForwarder flow control', () => {
  it('sends a page no further ahead than its window, then the rest once it confirms: none lost, none twice', async () => {
    const hub = new EventHub({ sessionId: 's1', batchMs: 5, maxBatch: 100 });
    const forwarder = new EventForwarder(
      { subscribe: (_id, after, onBatch, ready) => hub.subscribe(after, onBatch, ready) },
      250,
    );
    const slow = page();
    forwarder.subscribe(slow, 's1', 0);
    for (let i = 0; i < 1_000; i++) hub.emit(draft('message', { role: 'assistant', text: `m${i}` }), 'w1');
    await tick(100);
    // Held at the window (batches of 100: the one that crossed 250 was the last sent).
    expect(slow.received.length).toBeGreaterThanOrEqual(250);
    expect(slow.received.length).toBeLessThan(400);
    const held = slow.received.length;
    await tick(50);
    expect(slow.received).toHaveLength(held);

    for (let guard = 0; slow.received.length < 1_000 && guard < 100; guard++) {
      forwarder.received(slow.id, 's1', slow.received.at(-1)!.seq);
      await tick(20);
    }
    expect(slow.received.map((e) => e.seq)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
  });

  it('holds one page without holding another, and ignores confirmations beyond what was sent', async () => {
    const hub = new EventHub({ sessionId: 's1', batchMs: 5, maxBatch: 50 });
    const forwarder = new EventForwarder(
      { subscribe: (_id, after, onBatch, ready) => hub.subscribe(after, onBatch, ready) },
      100,
    );
    const slow = page(1);
    const quick = page(2);
    forwarder.subscribe(slow, 's1', 0);
    forwarder.subscribe(quick, 's1', 0);
    // A confirmation of events never sent does not open the window for them.
    forwarder.received(slow.id, 's1', 10_000);
    const feed = async () => {
      for (let i = 0; i < 500; i++) hub.emit(draft('message', { role: 'assistant', text: `m${i}` }), 'w1');
      await tick(60);
    };
    const quickConfirms = setInterval(() => {
      const last = quick.received.at(-1);
      if (last) forwarder.received(quick.id, 's1', last.seq);
    }, 5);
    await feed();
    await tick(200);
    clearInterval(quickConfirms);
    expect(quick.received).toHaveLength(500);
    expect(slow.received.length).toBeLessThanOrEqual(150);
  });
});
