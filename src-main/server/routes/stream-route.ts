import { Hono } from 'hono';
import type { SessionService } from '../../coordinator/session-service';
import { ApiError } from '../api-error';
import { DEFAULT_STREAM_LIMITS, EventStream, type EventStreamLimits } from '../event-stream';
import { selectSession } from '../select-session';
import { resumePoint } from '../sse';
import { SESSION_HEADER } from './read-routes';

/** Open streams per token: each costs a socket and its buffers; more are refused (429), not queued. */
export const MAX_STREAMS_PER_TOKEN = 32;
/** How often the open streams are looked at for heartbeats and stalled clients. */
const SWEEP_MS = 1_000;

export interface StreamRegistryOptions {
  maxPerToken?: number;
  limits?: Partial<EventStreamLimits>;
  sweepMs?: number;
}

/**
 * The open streams: counted per token against the cap, swept by one timer for all of them (heartbeats,
 * stalled clients), and ended together at shutdown instead of waiting for the clients to leave.
 */
export class StreamRegistry {
  readonly maxPerToken: number;
  readonly limits: EventStreamLimits;
  private readonly sweepMs: number;
  private readonly streams = new Set<EventStream>();
  private readonly perToken = new Map<string, number>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(options: StreamRegistryOptions = {}) {
    this.maxPerToken = options.maxPerToken ?? MAX_STREAMS_PER_TOKEN;
    this.limits = { ...DEFAULT_STREAM_LIMITS, ...options.limits };
    this.sweepMs = options.sweepMs ?? SWEEP_MS;
  }

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

  add(stream: EventStream): void {
    this.streams.add(stream);
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const open of [...this.streams]) open.sweep(now);
    }, this.sweepMs);
    // Open streams alone must not keep a process alive that is otherwise done.
    this.sweeper.unref();
  }

  remove(stream: EventStream): void {
    this.streams.delete(stream);
    if (this.streams.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
  }

  closeAll(): void {
    for (const stream of [...this.streams]) stream.close();
  }

  get size(): number {
    return this.streams.size;
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
    let stream: EventStream;
    try {
      stream = new EventStream(
        (onBatch, ready) => service.subscribe(sessionId, afterSeq, onBatch, ready),
        registry.limits,
        () => socketOf(c.env)?.destroy(),
        () => {
          registry.remove(stream);
          release();
        },
      );
    } catch (error) {
      release();
      throw error;
    }
    registry.add(stream);
    c.req.raw.signal.addEventListener('abort', () => stream.close(), { once: true });
    return c.body(stream.body, 200, {
      [SESSION_HEADER]: sessionId,
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      // Headers go out at once (the Node adapter otherwise reads ahead for a Content-Length).
      'Transfer-Encoding': 'chunked',
      'X-Accel-Buffering': 'no',
    });
  });
  return app;
}

/** The client's socket under the Node server (hono's node adapter puts the request in `env.incoming`). */
function socketOf(env: unknown): { destroy(): void } | undefined {
  return (env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket;
}
