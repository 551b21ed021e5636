import { describe, expect, it } from 'vitest';
import { draft, type Event } from '../../src-shared/models';
import { EventHub, isoNow } from './event-hub';

const message = (text: string) => draft('message', { role: 'assistant', text });
const settle = (ms = 40) => new Promise((r) => setTimeout(r, ms));

describe('EventHub', () => {
  it('stamps a gap-free seq from 1 and persists in order', () => {
    const persisted: Event[] = [];
    const hub = new EventHub({ sessionId: 's1', persist: (e) => persisted.push(e) });
    hub.emit(message('a'), 'claude');
    hub.emit(message('b'));
    expect(persisted.map((e) => [e.seq, e.sessionId, e.workerId])).toEqual([
      [1, 's1', 'claude'],
      [2, 's1', undefined],
    ]);
    expect(hub.lastSeq).toBe(2);
  });

  it('serves snapshot then live tail to a late subscriber, with nothing duplicated or skipped', async () => {
    const hub = new EventHub({ sessionId: 's', batchMs: 5 });
    for (let i = 0; i < 10; i++) hub.emit(message(`early ${i}`));
    const seen: number[] = [];
    let batches = 0;
    hub.subscribe(4, (batch) => {
      batches += 1;
      seen.push(...batch.map((e) => e.seq));
    });
    for (let i = 0; i < 5; i++) hub.emit(message(`late ${i}`));
    await settle();
    for (let i = 0; i < 5; i++) hub.emit(message(`later ${i}`));
    await settle();
    expect(seen).toEqual(Array.from({ length: 16 }, (_, i) => i + 5));
    // Batched per frame, not one call per event.
    expect(batches).toBeLessThanOrEqual(3);
  });

  it('reads events that left the bounded history back from disk', async () => {
    const disk: Event[] = [];
    const hub = new EventHub({
      sessionId: 's',
      historyLimit: 10,
      batchMs: 1,
      persist: (e) => disk.push(e),
      loadRange: (from, to) => disk.filter((e) => e.seq >= from && e.seq <= to),
    });
    for (let i = 0; i < 100; i++) hub.emit(message(String(i)));
    expect(hub.eventsAfter(90, 1000).length).toBe(10);
    const seen: number[] = [];
    hub.subscribe(0, (batch) => seen.push(...batch.map((e) => e.seq)));
    await settle();
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('caps batch size so a huge catch-up arrives in several batches, still in order', () => {
    const hub = new EventHub({ sessionId: 's', maxBatch: 100 });
    for (let i = 0; i < 250; i++) hub.emit(message(String(i)));
    const sizes: number[] = [];
    const seen: number[] = [];
    hub.subscribe(0, (batch) => {
      sizes.push(batch.length);
      seen.push(...batch.map((e) => e.seq));
    });
    hub.drain();
    expect(sizes).toEqual([100, 100, 50]);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it('keeps delivering to others when one listener throws', () => {
    const hub = new EventHub({ sessionId: 's' });
    const good: number[] = [];
    hub.subscribe(0, () => {
      throw new Error('broken renderer');
    });
    hub.subscribe(0, (batch) => good.push(...batch.map((e) => e.seq)));
    hub.emit(message('x'));
    hub.drain();
    expect(good).toEqual([1]);
  });

  it('continues a stored log after its last seq', () => {
    const hub = new EventHub({ sessionId: 's' });
    hub.resumeFrom(41);
    expect(hub.emit(message('x')).seq).toBe(42);
  });
});

describe('isoNow', () => {
  it('is toISOString of the same instant, across millisecond, second, day and year boundaries', () => {
    const instants = [
      Date.UTC(2026, 10, 26, 1, 2, 3, 4),
      Date.UTC(2026, 10, 26, 1, 2, 3, 45),
      Date.UTC(2026, 10, 26, 1, 2, 3, 456),
      Date.UTC(2026, 10, 26, 1, 2, 3, 999),
      Date.UTC(2026, 10, 26, 1, 2, 4, 0),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1, 0, 0, 0, 0),
      Date.UTC(2027, 0, 1, 0, 0, 0, 0),
    ];
    for (let i = 0; i < 2_000; i++) instants.push(Date.UTC(2026, 0, 1) + i * 7_919_357);
    for (const ms of instants) expect(isoNow(ms)).toBe(new Date(ms).toISOString());
    const now = isoNow();
    expect(Math.abs(Date.parse(now) - Date.now())).toBeLessThan(1_000);
  });
});

describe('EventHub flow control', () => {
  it('holds a subscriber that is not ready (drain does not wait for it) and serves it from where it was', async () => {
    const hub = new EventHub({ sessionId: 's', batchMs: 5 });
    let open = false;
    const got: number[] = [];
    hub.subscribe(
      0,
      (batch) => got.push(...batch.map((e) => e.seq)),
      () => open,
    );
    for (let i = 0; i < 10; i++) hub.emit(draft('message', { role: 'assistant', text: String(i) }));
    hub.drain();
    await new Promise((r) => setTimeout(r, 30));
    expect(got).toEqual([]);
    open = true;
    await new Promise((r) => setTimeout(r, 30));
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('EventHub serialize', () => {
  it("makes each event's text once: the log and every batch get that text, from memory and from disk alike", async () => {
    const disk: Event[] = [];
    const persistedLines: string[] = [];
    let serialized = 0;
    const hub = new EventHub({
      sessionId: 's',
      batchMs: 5,
      historyLimit: 10,
      serialize: (event) => {
        serialized += 1;
        return JSON.stringify(event);
      },
      persist: (event, line) => {
        disk.push(event);
        persistedLines.push(line!);
      },
      loadRange: (from, to) => disk.filter((e) => e.seq >= from && e.seq <= to),
    });
    for (let i = 0; i < 40; i++) hub.emit(message(`m${i}`), 'w');
    expect(serialized).toBe(40);
    expect(persistedLines).toEqual(disk.map((e) => JSON.stringify(e)));
    // A late subscriber starts on disk (the history holds the last 10 to 11) and ends in memory.
    const got: { seq: number[]; lines: string[] }[] = [];
    hub.subscribe(0, (batch, lines) => got.push({ seq: batch.map((e) => e.seq), lines: lines! }));
    await settle();
    const seqs = got.flatMap((b) => b.seq);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const batch of got) expect(batch.lines).toEqual(batch.seq.map((seq) => persistedLines[seq - 1]));
  });
});

describe('EventHub pace', () => {
  it('delivers an event after a quiet spell at once, and a stream of them at most once per batchMs', async () => {
    const hub = new EventHub({ sessionId: 's', batchMs: 200 });
    const arrivals: { at: number; seqs: number[] }[] = [];
    const started = performance.now();
    hub.subscribe(0, (batch) =>
      arrivals.push({ at: performance.now() - started, seqs: batch.map((e) => e.seq) }),
    );
    hub.emit(message('first'));
    hub.emit(message('same turn'));
    await settle(60);
    expect(arrivals).toEqual([{ at: expect.any(Number), seqs: [1, 2] }]);
    expect(arrivals[0]!.at).toBeLessThan(60);
    hub.emit(message('soon after'));
    await settle(60);
    // Within batchMs of the last batch: held until its time.
    expect(arrivals).toHaveLength(1);
    await settle(200);
    expect(arrivals.map((a) => a.seqs)).toEqual([[1, 2], [3]]);
    expect(arrivals[1]!.at - arrivals[0]!.at).toBeGreaterThanOrEqual(195);
  });
});

describe('EventHub serialize across subscriptions', () => {
  it('gives each event its own text when subscribers come and go between events', async () => {
    const persisted = new Map<number, string>();
    const hub = new EventHub({
      sessionId: 's',
      batchMs: 2,
      serialize: (event) => JSON.stringify(event),
      persist: (event, line) => persisted.set(event.seq, line!),
    });
    const check = (batch: Event[], lines?: string[]) =>
      batch.forEach((event, i) => expect(lines![i]).toBe(persisted.get(event.seq)));
    const first = hub.subscribe(0, check, () => false);
    for (let i = 0; i < 5; i++) hub.emit(message(`a${i}`));
    first();
    for (let i = 0; i < 5; i++) hub.emit(message(`b${i}`));
    const seen: number[] = [];
    hub.subscribe(0, (batch, lines) => {
      check(batch, lines);
      seen.push(...batch.map((e) => e.seq));
    });
    for (let i = 0; i < 5; i++) hub.emit(message(`c${i}`));
    await settle(30);
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });
});
