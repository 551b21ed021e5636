import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { Event } from '../../../src-shared/models';
import type { SessionService } from '../../coordinator/session-service';
import { selectSession } from '../select-session';
import { formatEvents, resumePoint } from '../sse';
import { SESSION_HEADER } from './read-routes';

/** A comment line now and then keeps idle connections (and proxies in front of them) from timing out. */
const HEARTBEAT_MS = 15_000;
/** How long a browser waits before reconnecting after the connection drops. */
const RETRY_MS = 1_000;
/**
 * Events waiting for a slow client past which the session's log holds the rest back (its subscription
 * stays a cursor) until the socket has taken what was queued.
 */
const HOLD_AT_EVENTS = 20_000;
/**
 * A client this far behind anyway is cut off rather than buffered for without bound; it reconnects with
 * Last-Event-ID and catches up from the log, so it still misses nothing.
 */
const MAX_PENDING_EVENTS = 50_000;

/** The open streams, so a shutdown can end them instead of waiting for the clients to leave. */
export class StreamRegistry {
  private readonly closers = new Set<() => void>();

  add(close: () => void): () => void {
    this.closers.add(close);
    return () => this.closers.delete(close);
  }

  closeAll(): void {
    for (const close of [...this.closers]) close();
  }

  get size(): number {
    return this.closers.size;
  }
}

/** GET /events/stream: the session's events as Server-Sent Events, resumable with Last-Event-ID. */
export function streamRoute(service: SessionService, registry: StreamRegistry): Hono {
  const app = new Hono();
  app.get('/events/stream', (c) => {
    const afterSeq = resumePoint(c.req.header('last-event-id'), c.req.query('after'));
    const { sessionId } = selectSession(service, c.req.query('session'));
    c.header(SESSION_HEADER, sessionId);
    c.header('X-Accel-Buffering', 'no');
    const signal = c.req.raw.signal;
    return streamSSE(c, (stream) => {
      signal.addEventListener('abort', () => stream.abort());
      return pump(stream, registry, (onBatch, ready) =>
        service.subscribe(sessionId, afterSeq, onBatch, ready),
      );
    });
  });
  return app;
}

async function pump(
  stream: SSEStreamingApi,
  registry: StreamRegistry,
  subscribe: (onBatch: (events: Event[]) => void, ready: () => boolean) => () => void,
): Promise<void> {
  let pending: Event[] = [];
  let ending = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const unsubscribe = subscribe(
    (batch) => {
      pending.push(...batch);
      if (pending.length > MAX_PENDING_EVENTS) ending = true;
      notify();
    },
    () => pending.length < HOLD_AT_EVENTS,
  );
  const unregister = registry.add(() => {
    ending = true;
    notify();
  });
  stream.onAbort(notify);
  try {
    await stream.write(`retry: ${RETRY_MS}\n\n`);
    while (!stream.aborted && !ending) {
      if (pending.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, HEARTBEAT_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (pending.length === 0 && !ending && !stream.aborted) await stream.write(': keep-alive\n\n');
        continue;
      }
      const batch = pending;
      pending = [];
      await stream.write(formatEvents(batch));
    }
  } finally {
    unsubscribe();
    unregister();
  }
}
