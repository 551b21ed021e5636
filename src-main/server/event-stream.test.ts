import { describe, expect, it } from 'vitest';
import type { Event } from '../../src-shared/models';
import { EventHub } from '../store/event-hub';
import { DEFAULT_STREAM_LIMITS, EventStream, type EventStreamLimits } from './event-stream';
import { encodeEvents } from './sse';

const LIMITS: EventStreamLimits = {
  heartbeatMs: 15_000,
  stalledMs: 10_000,
  holdBytes: 4 * 1024,
  maxWaitingEvents: 50_000,
};

/** A hub as a session has one: each event serialized once, its text handed to subscribers. */
function liveHub(): EventHub {
  return new EventHub({ sessionId: 's', batchMs: 1, serialize: (event) => JSON.stringify(event) });
}

function emitMessages(hub: EventHub, count: number, text = 'x'.repeat(200)): void {
  for (let i = 0; i < count; i += 1)
    hub.emit({ type: 'message', payload: { role: 'assistant', text: `${i} ${text}` } }, 'claude');
}

interface Opened {
  stream: EventStream;
  reader: ReadableStreamDefaultReader<Uint8Array>;
  subscribed: () => boolean;
  dropped: () => boolean;
  ended: () => boolean;
}

function open(hub: EventHub, limits: EventStreamLimits = LIMITS, afterSeq = 0, now = Date.now()): Opened {
  let subscribed = false;
  let dropped = false;
  let ended = false;
  const stream = new EventStream(
    (onBatch, ready) => {
      subscribed = true;
      const stop = hub.subscribe(afterSeq, onBatch, ready);
      return () => {
        subscribed = false;
        stop();
      };
    },
    limits,
    () => (dropped = true),
    () => (ended = true),
    now,
  );
  return {
    stream,
    reader: stream.body.getReader(),
    subscribed: () => subscribed,
    dropped: () => dropped,
    ended: () => ended,
  };
}

const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** Reads chunks until `want` events arrived (or the stream ended); the text of all of them. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, want: number): Promise<string> {
  let text = '';
  while ((text.match(/^id: /gm)?.length ?? 0) < want) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += Buffer.from(chunk.value).toString();
  }
  return text;
}

describe('EventStream', () => {
  it('sends retry first, then every event once, in order, as SSE messages', async () => {
    const hub = liveHub();
    emitMessages(hub, 3);
    const { reader } = open(hub);
    expect(Buffer.from((await reader.read()).value!).toString()).toBe('retry: 1000\n\n');
    emitMessages(hub, 500);
    const text = await readUntil(reader, 503);
    const all: Event[] = hub.eventsAfter(0, 10_000);
    expect(all).toHaveLength(503);
    expect(text).toBe(encodeEvents(all).toString());
    await reader.cancel();
  });

  it('hands every stream at the tail the same bytes: a batch is encoded once, not once per client', async () => {
    const hub = liveHub();
    const clients = [open(hub), open(hub), open(hub)];
    for (const { reader } of clients) await reader.read(); // retry
    emitMessages(hub, 20);
    const chunks = await Promise.all(clients.map(({ reader }) => reader.read()));
    expect(chunks[1]!.value).toBe(chunks[0]!.value);
    expect(chunks[2]!.value).toBe(chunks[0]!.value);
    expect(Buffer.from(chunks[0]!.value!).toString()).toBe(encodeEvents(hub.eventsAfter(0)).toString());
    for (const { reader } of clients) await reader.cancel();
  });

  it('holds the log back for a client that reads nothing, then drops it once its socket stalls', async () => {
    const hub = liveHub();
    const start = Date.now();
    const idle = open(hub, LIMITS, 0, start);
    const reading = open(hub, LIMITS, 0, start);
    // The idle client's server took the first chunk and never asked for another (its socket is full).
    await idle.reader.read();
    const readAll = readUntil(reading.reader, 4_000);
    for (let i = 0; i < 40; i += 1) {
      emitMessages(hub, 100);
      await settle(2);
    }
    await settle();
    expect(await readAll).toContain('id: 4000\n');
    // What waits for the idle one stays near the hold mark although 4,000 events (~1 MB) went by.
    const waiting = (idle.stream as unknown as { waitingBytes: number }).waitingBytes;
    expect(waiting).toBeGreaterThanOrEqual(LIMITS.holdBytes);
    expect(waiting).toBeLessThan(LIMITS.holdBytes + 100 * 400);
    idle.stream.sweep(start + LIMITS.stalledMs - 1);
    expect(idle.dropped()).toBe(false);
    idle.stream.sweep(Date.now() + LIMITS.stalledMs);
    expect([idle.dropped(), idle.ended(), idle.subscribed()]).toEqual([true, true, false]);
    // The reading client is untouched by the sweep: its server asks for more as soon as it has taken all.
    void reading.reader.read().catch(() => undefined);
    await settle();
    reading.stream.sweep(Date.now() + LIMITS.stalledMs);
    expect([reading.dropped(), reading.subscribed()]).toEqual([false, true]);
    await reading.reader.cancel();
    expect([reading.ended(), reading.subscribed()]).toEqual([true, false]);
  });

  it('sends a keep-alive to a quiet stream, and none to one that has just sent', async () => {
    const hub = liveHub();
    const start = Date.now();
    const { stream, reader } = open(hub, LIMITS, 0, start);
    await reader.read(); // retry
    const next = reader.read(); // the server waits for the next chunk
    await settle();
    stream.sweep(start + 1_000);
    expect(await Promise.race([next.then(() => 'sent'), settle(50).then(() => 'nothing')])).toBe('nothing');
    stream.sweep(Date.now() + LIMITS.heartbeatMs);
    expect(Buffer.from((await next).value!).toString()).toBe(': keep-alive\n\n');
    await reader.cancel();
  });

  it('cuts off a client too far behind instead of queueing without bound', async () => {
    const hub = liveHub();
    // No hold (a subscription that ignores the ready check), so only the cut-off bounds the queue.
    const limits = { ...DEFAULT_STREAM_LIMITS, holdBytes: Number.POSITIVE_INFINITY, maxWaitingEvents: 300 };
    const idle = open(hub, limits);
    await idle.reader.read();
    emitMessages(hub, 200);
    await settle();
    expect(idle.ended()).toBe(false);
    emitMessages(hub, 200);
    await settle();
    expect([idle.ended(), idle.subscribed()]).toEqual([true, false]);
    // The client sees the end of its stream after what was already on its way.
    let done = false;
    for (let i = 0; i < 5 && !done; i += 1) done = (await idle.reader.read()).done;
    expect(done).toBe(true);
  });

  it('ends at shutdown: the reader sees the stream end, and the subscription is gone', async () => {
    const hub = liveHub();
    const client = open(hub);
    await client.reader.read();
    client.stream.close();
    expect((await client.reader.read()).done).toBe(true);
    expect([client.ended(), client.subscribed()]).toEqual([true, false]);
  });
});
