import type { Event } from '../../src-shared/models';
import type { BatchListener, ReadyCheck } from '../store/event-hub';
import { sharedEventBytes } from './sse';

/** How long a browser waits before reconnecting after the connection drops. */
const RETRY = Buffer.from('retry: 1000\n\n');
/** A comment line now and then keeps idle connections (and proxies in front of them) from timing out. */
const KEEP_ALIVE = Buffer.from(': keep-alive\n\n');

export interface EventStreamLimits {
  /** A stream with nothing sent for this long gets a keep-alive comment. */
  heartbeatMs: number;
  /**
   * A client whose socket has taken nothing for this long while data waits reads nothing: it is dropped
   * (its socket destroyed, its buffers freed) rather than held. A live client reconnects with
   * Last-Event-ID and catches up from the log, missing nothing.
   */
  stalledMs: number;
  /**
   * Bytes waiting for a slow client past which the session's log holds the rest back (its subscription
   * stays a cursor) until the socket has taken what waits. What waits is shared with the other streams.
   */
  holdBytes: number;
  /** A client this far behind anyway is cut off; it reconnects and catches up from the log. */
  maxWaitingEvents: number;
}

export const DEFAULT_STREAM_LIMITS: EventStreamLimits = {
  heartbeatMs: 15_000,
  stalledMs: 10_000,
  holdBytes: 512 * 1024,
  maxWaitingEvents: 50_000,
};

/**
 * Bytes handed to the socket at once: a waiting batch goes out in views of at most this size (no copy),
 * so "the socket took nothing for stalledMs" means the same for a 20 MB catch-up as for one event.
 */
const MAX_WRITE_BYTES = 64 * 1024;

export type Subscribe = (onBatch: BatchListener, ready: ReadyCheck) => () => void;

/**
 * One client's event stream as a pull source: the HTTP server asks for the next chunk only once the
 * socket has taken the last one, so what waits here is exactly what the client has not taken. Each chunk
 * is a buffer shared with every other stream that got the same batch; per client there is a queue of
 * references, no text, no encoding and no timer (the registry's one sweep does heartbeats and drops).
 */
export class EventStream {
  readonly body: ReadableStream<Uint8Array>;
  private readonly waiting: Buffer[] = [RETRY];
  /** Events in each waiting chunk, in the same order. */
  private readonly waitingCounts: number[] = [0];
  /** How much of the first waiting chunk has been sent already. */
  private sentOfFirst = 0;
  private waitingBytes = RETRY.length;
  private waitingEvents = 0;
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  /**
   * The server asked for a chunk and none was there: the next one goes out at once. While false, the
   * server still holds the last chunk sent (its socket has not taken it).
   */
  private asked = false;
  /** When the last chunk went to the server (or the stream opened). */
  private lastSent: number;
  private unsubscribe: (() => void) | null = null;
  private ended = false;

  constructor(
    subscribe: Subscribe,
    private readonly limits: EventStreamLimits,
    /** Destroys the client's socket: for one that reads nothing. */
    private readonly drop: () => void,
    /** Called once when the stream ends, whatever ended it. */
    private readonly onEnd: () => void,
    now = Date.now(),
  ) {
    this.lastSent = now;
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: () => this.pull(),
        cancel: () => this.end(),
      },
      // Nothing read ahead: a chunk is asked for only when the socket took the previous one.
      { highWaterMark: 0 },
    );
    this.unsubscribe = subscribe(this.onBatch, this.ready);
  }

  private readonly onBatch: BatchListener = (batch: Event[], lines?: string[]) => {
    if (this.ended || batch.length === 0) return;
    const chunk = sharedEventBytes(batch, lines);
    this.waiting.push(chunk);
    this.waitingCounts.push(batch.length);
    this.waitingBytes += chunk.length;
    this.waitingEvents += batch.length;
    if (this.waitingEvents > this.limits.maxWaitingEvents) this.close();
    else if (this.asked) this.pull();
  };

  private readonly ready: ReadyCheck = () => this.waitingBytes < this.limits.holdBytes;

  private pull(): void {
    const first = this.waiting[0];
    if (first === undefined) {
      this.asked = true;
      return;
    }
    this.asked = false;
    const start = this.sentOfFirst;
    const end = Math.min(first.length, start + MAX_WRITE_BYTES);
    if (end === first.length) {
      this.waiting.shift();
      this.waitingEvents -= this.waitingCounts.shift()!;
      this.sentOfFirst = 0;
    } else this.sentOfFirst = end;
    this.waitingBytes -= end - start;
    this.send(start === 0 && end === first.length ? first : first.subarray(start, end));
  }

  private send(chunk: Buffer): void {
    this.lastSent = Date.now();
    this.controller?.enqueue(chunk);
  }

  /** The registry's periodic look: a keep-alive for a quiet stream, the end of one that reads nothing. */
  sweep(now: number): void {
    if (this.ended) return;
    if (!this.asked && now - this.lastSent >= this.limits.stalledMs) {
      this.end();
      this.drop();
      return;
    }
    if (this.asked && now - this.lastSent >= this.limits.heartbeatMs) {
      this.asked = false;
      this.send(KEEP_ALIVE);
    }
  }

  /** Ends the stream as a server shutdown does: the client sees it end rather than hang. */
  close(): void {
    if (this.ended) return;
    this.end();
    try {
      this.controller?.close();
    } catch {
      // Already cancelled by the client.
    }
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.waiting.length = 0;
    this.waitingCounts.length = 0;
    this.sentOfFirst = 0;
    this.waitingBytes = 0;
    this.waitingEvents = 0;
    this.onEnd();
  }
}
