import { z } from 'zod';
import {
  AgentDoctor,
  CleanReport,
  PlanPreview,
  LogPage,
  LogSearch,
  RawLogPage,
  RawLogSearch,
  SessionListItem,
  SessionOutcomes,
  WorkerDiff,
  WorkerMergeResult,
  type SessionEventsPayload,
} from '../../../src-shared/ipc/contract';
import { SessionState, type Event } from '../../../src-shared/models';
import { ClientError, type LogSelector, type OrchestratorClient } from './orchestrator-client';

/** The part of EventSource the client uses; the browser's own in the page, a fake in tests. */
export interface EventStream {
  onmessage: ((message: MessageEvent<string>) => void) | null;
  close(): void;
}

export interface HttpClientOptions {
  /** The dashboard's origin, e.g. http://127.0.0.1:8765. */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  openStream?: (url: string) => EventStream;
}

const Started = z.object({ sessionId: z.string(), folder: z.string() });
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** The token from the address's fragment (#token=…), which the browser never sends to any server. */
export function tokenFromLocation(location: Pick<Location, 'hash'>): string | null {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  return token === null || token === '' ? null : token;
}

/** The session the dashboard link names (#…&session=ID, as `run … --serve` prints it), to open first. */
export function sessionFromLocation(location: Pick<Location, 'hash'>): string | null {
  const session = new URLSearchParams(location.hash.replace(/^#/, '')).get('session');
  return session === null || session === '' ? null : session;
}

/**
 * The client over the HTTP API and its event stream, for the dashboard in a browser. Every request
 * carries the token as a bearer header; the stream, which EventSource opens without headers, carries it
 * in its query. A dropped stream reconnects by itself with Last-Event-ID, so nothing is missed or repeated.
 * Settings are left out: the page hides them, and they stay in the desktop app for now.
 */
export function createHttpClient(options: HttpClientOptions): OrchestratorClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const openStream = options.openStream ?? ((url: string) => new EventSource(url));
  const listeners = new Set<(payload: SessionEventsPayload) => void>();
  const streams = new Map<string, () => void>();
  const session = (sessionId: string) => `session=${encodeURIComponent(sessionId)}`;
  const worker = (workerId: string) => `/api/workers/${encodeURIComponent(workerId)}`;
  const logOf = ({ workerId, type }: LogSelector): string =>
    `${workerId === null ? '' : `&worker=${encodeURIComponent(workerId)}`}${type ? `&type=${type}` : ''}`;

  async function call<T>(method: string, path: string, schema: z.ZodType<T> | null, body?: unknown) {
    const response = await doFetch(`${options.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${options.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const refusal = ErrorBody.safeParse(json);
      if (refusal.success) throw new ClientError(refusal.data.error.code, refusal.data.error.message);
      throw new ClientError(`http_${response.status}`, `The dashboard's server answered ${response.status}.`);
    }
    return schema === null ? (null as T) : schema.parse(json);
  }

  function open(sessionId: string, afterSeq: number): () => void {
    const query = `${session(sessionId)}&after=${afterSeq}&token=${encodeURIComponent(options.token)}`;
    const source = openStream(`${options.baseUrl}/api/events/stream?${query}`);
    let lastSeq = afterSeq;
    // One event per message; the page merges them per animation frame before they reach the store.
    source.onmessage = (message) => {
      const event = JSON.parse(message.data) as Event;
      // The server resumes after Last-Event-ID; this guard keeps a replay from ever counting twice.
      if (event.seq <= lastSeq) return;
      lastSeq = event.seq;
      for (const listener of [...listeners]) listener({ sessionId, events: [event] });
    };
    return () => source.close();
  }

  return {
    listSessions: () => call('GET', '/api/sessions', z.array(SessionListItem)),
    startSession: (request) => call('POST', '/api/sessions', Started, request),
    planSession: (request) => call('POST', '/api/plan', PlanPreview, request),
    resumeSession: (sessionId) =>
      call('POST', `/api/sessions/${encodeURIComponent(sessionId)}/resume`, Started),
    deleteSession: (sessionId, force) =>
      call(
        'DELETE',
        `/api/sessions/${encodeURIComponent(sessionId)}${force ? '?force=true' : ''}`,
        CleanReport,
      ),
    sessionState: (sessionId) => call('GET', `/api/session?${session(sessionId)}`, SessionState),
    control: async (sessionId, command, workerId) => {
      await call(
        'POST',
        `/api/control/${command}?${session(sessionId)}`,
        null,
        workerId === undefined ? undefined : { workerId },
      );
    },
    // The decision is named in the path and the worker in the body; the core checks that they agree.
    decide: async ({ sessionId, decisionId, ...body }) => {
      if (decisionId === undefined)
        throw new ClientError('bad_input', 'Say which open decision this choice is about.');
      await call(
        'POST',
        `/api/decisions/${encodeURIComponent(decisionId)}?${session(sessionId)}`,
        null,
        body,
      );
    },
    subscribe: async (sessionId, afterSeq) => {
      streams.get(sessionId)?.();
      streams.set(sessionId, open(sessionId, afterSeq));
    },
    unsubscribe: async (sessionId) => {
      streams.get(sessionId)?.();
      streams.delete(sessionId);
    },
    rawLog: (sessionId, workerId, from, count) =>
      call('GET', `${worker(workerId)}/raw?${session(sessionId)}&from=${from}&count=${count}`, RawLogPage),
    rawSearch: (sessionId, workerId, query, from, limit) =>
      call(
        'GET',
        `${worker(workerId)}/raw/search?${session(sessionId)}&q=${encodeURIComponent(query)}&from=${from}&limit=${limit}`,
        RawLogSearch,
      ),
    log: (sessionId, which, from, count) =>
      call('GET', `/api/log?${session(sessionId)}${logOf(which)}&from=${from}&count=${count}`, LogPage),
    logSearch: (sessionId, which, query, from, limit) =>
      call(
        'GET',
        `/api/log/search?${session(sessionId)}${logOf(which)}&q=${encodeURIComponent(query)}&from=${from}&limit=${limit}`,
        LogSearch,
      ),
    diff: (sessionId, workerId) => call('GET', `${worker(workerId)}/diff?${session(sessionId)}`, WorkerDiff),
    outcomes: (sessionId) => call('GET', `/api/outcomes?${session(sessionId)}`, SessionOutcomes),
    merge: (sessionId, workerId) =>
      call('POST', `${worker(workerId)}/merge?${session(sessionId)}`, WorkerMergeResult, {}),
    doctor: () => call('GET', '/api/doctor', z.array(AgentDoctor)),
    pickRepository: async () => {
      throw new ClientError(
        'unsupported',
        'A browser cannot open a folder dialog: type the repository path.',
      );
    },
    onEvents: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
