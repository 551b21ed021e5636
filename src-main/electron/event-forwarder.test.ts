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

describe('EventForwarder.follow', () => {
  it('gives a page what a session appended after the hub it followed closed, once, from what it was sent', async () => {
    // The session's log as the service knows it: its running hub first, then what a stored stop appended.
    const log: Event[] = [];
    let hubOpen = true;
    const forwarder = new EventForwarder({
      // A closed hub sends nothing more; a subscription made after it reads the log from `after`.
      subscribe: (_id, after, onBatch) => {
        if (!hubOpen) setTimeout(() => onBatch(log.filter((e) => e.seq > after)), 0);
        return () => undefined;
      },
    });
    const hub = new EventHub({ sessionId: 's1', batchMs: 5, maxBatch: 100 });
    const viewer = page();
    hub.subscribe(0, (events) => log.push(...events));
    for (let i = 0; i < 3; i++) hub.emit(draft('message', { role: 'assistant', text: `m${i}` }), 'w1');
    await tick();
    forwarder.subscribe(viewer, 's1', 3);
    // The hub is closed; the session is ended on disk (two events appended without it).
    hubOpen = false;
    log.push(
      { ...log[2]!, seq: 4, type: 'control', payload: { command: 'stop', by: 'user' } } as Event,
      { ...log[2]!, seq: 5, type: 'session_status', payload: { status: 'stopped' } } as Event,
    );
    await tick();
    expect(viewer.received).toEqual([]);
    forwarder.follow('s1');
    await tick();
    expect(viewer.received.map((e) => e.seq)).toEqual([4, 5]);
    forwarder.follow('s1');
    await tick();
    expect(viewer.received.map((e) => e.seq)).toEqual([4, 5]);
  });
});
