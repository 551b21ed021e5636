import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { Event } from '../../../src-shared/models';
import type { SessionService } from '../../coordinator/session-service';
import { selectSession } from '../select-session';
import type { BatchListener } from '../../store/event-hub';
import { ApiError } from '../api-error';
import { formatEvents, resumePoint } from '../sse';
import { SESSION_HEADER } from './read-routes';

/** A comment line now and then keeps idle connections (and proxies in front of them) from timing out. */
const HEARTBEAT_MS = 15_000;
/** How long a browser waits before reconnecting after the connection drops. */
const RETRY_MS = 1_000;
/**
 * Events waiting for a slow client past which the session's log holds the rest back (its subscription
 * stays a cursor) until the socket has taken what was queued. Waiting events are shared with the hub and
 * the other clients; what each client costs on its own is the text of its writes, bounded below.
 */
const HOLD_AT_EVENTS = 2_000;
/**
 * Text handed to the socket in one write: a client that reads nothing holds what was written last in
 * memory, so a write is a slice of what waits, never all of it.
 */
const MAX_WRITE_CHARS = 64 * 1024;
/**
 * A client whose socket has not taken a write in this long reads nothing: it is dropped (its socket
 * destroyed, its buffers freed) rather than held. A live client reconnects with Last-Event-ID and
 * catches up from the log, missing nothing.
 */
const STALLED_WRITE_MS = 10_000;
/** Open streams per token: each costs a socket and its buffers; more are refused (429), not queued. */
export const MAX_STREAMS_PER_TOKEN = 32;
/**
 * A client this far behind anyway is cut off rather than buffered for without bound; it reconnects with
 * Last-Event-ID and catches up from the log, so it still misses nothing.
 */
const MAX_PENDING_EVENTS = 50_000;

/**
 * The open streams, so a shutdown can end them instead of waiting for the clients to leave, and so each
 * token's streams can be counted against the cap.
 */
export class StreamRegistry {
  private readonly closers = new Set<() => void>();
  private readonly perToken = new Map<string, number>();

  constructor(readonly maxPerToken = MAX_STREAMS_PER_TOKEN) {}

  /** A slot for one more stream of this token, or null when it has its share; release it when done. */
  reserve(token: string): (() => void) | null {
    const open = this.perToken.get(token) ?? 0;
    if (open >= this.maxPerToken) return null;
    this.perToken.set(token, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.perToken.get(token) ?? 1) - 1;
      if (left <= 0) this.perToken.delete(token);
      else this.perToken.set(token, left);
    };
  }

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
    // The token guard let the request in, so what it presented is the token.
    const token = c.req.header('authorization') ?? c.req.query('token') ?? '';
    const release = registry.reserve(token);
    if (release === null) {
      throw new ApiError(
        429,
        'too_many_streams',
        `at most ${registry.maxPerToken} event streams are open at once; close one first`,
      );
    }
    c.header(SESSION_HEADER, sessionId);
    c.header('X-Accel-Buffering', 'no');
    const signal = c.req.raw.signal;
    return streamSSE(c, async (stream) => {
      signal.addEventListener('abort', () => stream.abort());
      try {
        await pump(
          stream,
          registry,
          (onBatch, ready) => service.subscribe(sessionId, afterSeq, onBatch, ready),
          () => socketOf(c.env)?.destroy(),
        );
      } finally {
        release();
      }
    });
  });
  return app;
}

async function pump(
  stream: SSEStreamingApi,
  registry: StreamRegistry,
  subscribe: (onBatch: BatchListener, ready: () => boolean) => () => void,
  drop: () => void,
): Promise<void> {
  let pending: Event[] = [];
  /** The hub's serialized text of each waiting event, when it has it (then no client serializes again). */
  let pendingLines: Array<string | undefined> = [];
  let ending = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const unsubscribe = subscribe(
    (batch, lines) => {
      pending.push(...batch);
      for (let i = 0; i < batch.length; i += 1) pendingLines.push(lines?.[i]);
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
      const { text, count } = formatEvents(pending, pendingLines, MAX_WRITE_CHARS);
      pending = pending.slice(count);
      pendingLines = pendingLines.slice(count);
      if (await stalls(stream.write(text))) {
        drop();
        break;
      }
    }
  } finally {
    unsubscribe();
    unregister();
  }
}

/** Whether a write is still not taken after STALLED_WRITE_MS. */
async function stalls(write: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), STALLED_WRITE_MS);
  });
  try {
    return await Promise.race([write.then(() => false), stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** The client's socket under the Node server (hono's node adapter puts the request in `env.incoming`). */
function socketOf(env: unknown): { destroy(): void } | undefined {
  return (env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket;
}
