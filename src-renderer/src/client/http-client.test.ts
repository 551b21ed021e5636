import { describe, expect, it, vi } from 'vitest';
import type { OrchestratorApi, SessionEventsPayload } from '../../../src-shared/ipc/contract';
import type { Event, SessionState } from '../../../src-shared/models';
import { createHttpClient, sessionFromLocation, tokenFromLocation, type EventStream } from './http-client';
import { ClientError } from './orchestrator-client';
import { selectClient } from './select-client';

const BASE = 'http://127.0.0.1:8765';
const TOKEN = 'tok-123';

const state: SessionState = {
  sessionId: 's 1',
  task: 't',
  repo: '/r',
  folder: '/f',
  status: 'running',
  demo: true,
  baseCommit: null,
  startedAt: '2026-11-25T10:00:00.000Z',
  endedAt: null,
  workers: [],
};

const event = (seq: number): Event => ({
  seq,
  ts: '2026-11-25T10:00:00.000Z',
  sessionId: 's 1',
  type: 'session_status',
  payload: { status: 'running' },
});

interface FakeStream extends EventStream {
  url: string;
  closed: boolean;
  emit(event: Event): void;
}

function setup(answer: (url: string, init: RequestInit) => Response = () => Response.json(null)) {
  const calls: { url: string; init: RequestInit }[] = [];
  const streams: FakeStream[] = [];
  const client = createHttpClient({
    baseUrl: BASE,
    token: TOKEN,
    fetch: (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return answer(url, init);
    }) as typeof fetch,
    openStream: (url) => {
      const stream: FakeStream = {
        url,
        closed: false,
        onmessage: null,
        close() {
          this.closed = true;
        },
        emit(e) {
          this.onmessage?.({ data: JSON.stringify(e) } as MessageEvent<string>);
        },
      };
      streams.push(stream);
      return stream;
    },
  });
  return { client, calls, streams };
}

describe('the HTTP client', () => {
  it('sends the token as a bearer header and reads the answers by their schemas', async () => {
    const { client, calls } = setup((url) =>
      url.includes('/api/session?')
        ? Response.json(state)
        : Response.json({ sessionId: 's 1', command: 'pause' }),
    );
    expect(await client.sessionState('s 1')).toEqual(state);
    await client.control('s 1', 'pause', 'claude');
    await client.control('s 1', 'stop');
    expect(calls.map((c) => [c.init.method, c.url, c.init.body])).toEqual([
      ['GET', `${BASE}/api/session?session=s%201`, undefined],
      ['POST', `${BASE}/api/control/pause?session=s%201`, '{"workerId":"claude"}'],
      ['POST', `${BASE}/api/control/stop?session=s%201`, undefined],
    ]);
    for (const { init } of calls) {
      expect(init.headers).toMatchObject({ Authorization: `Bearer ${TOKEN}` });
    }
    expect(calls[1]!.init.headers).toMatchObject({ 'Content-Type': 'application/json' });
  });

  it('reaches the worker, resume and doctor endpoints, and leaves settings to the app', async () => {
    const answers: Record<string, unknown> = {
      raw: { from: 5, lines: ['{}'], total: 9 },
      diff: { base: 'abc', patch: '', files: [] },
      resume: { sessionId: 's 1', folder: '/f' },
      doctor: [],
    };
    const { client, calls } = setup((url) =>
      Response.json(answers[/(raw|diff|resume|doctor)/.exec(url)![1]!]),
    );
    expect(await client.rawLog!('s 1', 'co/dex', 5, 10)).toEqual(answers.raw);
    expect(await client.diff!('s 1', 'codex')).toEqual(answers.diff);
    expect(await client.resumeSession!('s 1')).toEqual(answers.resume);
    expect(await client.doctor!()).toEqual([]);
    expect(calls.map((c) => `${c.init.method} ${c.url.slice(BASE.length)}`)).toEqual([
      'GET /api/workers/co%2Fdex/raw?session=s%201&from=5&count=10',
      'GET /api/workers/codex/diff?session=s%201',
      'POST /api/sessions/s%201/resume',
      'GET /api/doctor',
    ]);
    expect([client.getConfig, client.saveConfig]).toEqual([undefined, undefined]);
  });

  it("answers a decision at its own address, naming the worker, and shows the server's refusal", async () => {
    const { client, calls } = setup((url) =>
      url.includes('/decisions/41')
        ? Response.json(
            { error: { code: 'wrong_worker', message: 'decision 41 is about codex, not gemini' } },
            { status: 409 },
          )
        : Response.json({ sessionId: 's 1', decisionId: '40', choice: 'answer', resumed: null }),
    );
    await client.decide!({
      sessionId: 's 1',
      decisionId: '40',
      workerId: 'codex',
      choice: 'answer',
      answer: 'keep it short',
    });
    expect(calls.map((c) => [c.init.method, c.url.slice(BASE.length), c.init.body])).toEqual([
      [
        'POST',
        '/api/decisions/40?session=s%201',
        '{"workerId":"codex","choice":"answer","answer":"keep it short"}',
      ],
    ]);
    await expect(
      client.decide!({ sessionId: 's 1', decisionId: '41', workerId: 'gemini', choice: 'continue' }),
    ).rejects.toThrow('decision 41 is about codex, not gemini');
    await expect(client.decide!({ sessionId: 's 1', choice: 'stop_session' })).rejects.toThrow(
      'Say which open decision',
    );
    expect(calls).toHaveLength(2);
  });

  it('searches a raw log and pages and searches the logs of events, read by their schemas', async () => {
    const answers: Record<string, unknown> = {
      'raw/search': { lines: [3, 9], total: 2, searched: 40 },
      'log/search': { places: [7], total: 1, searched: 12 },
      log: { from: 3, events: [event(5)], total: 12 },
    };
    const { client, calls } = setup((url) =>
      Response.json(answers[/(raw\/search|log\/search|log)\?/.exec(url)![1]!]),
    );
    expect(await client.rawSearch!('s 1', 'codex', 'a&b', 1, 100)).toEqual(answers['raw/search']);
    expect(await client.log!('s 1', { workerId: null }, 3, 50)).toEqual(answers.log);
    expect(await client.logSearch!('s 1', { workerId: 'codex', type: 'message' }, 'x y', 2, 10)).toEqual(
      answers['log/search'],
    );
    expect(calls.map((c) => c.url.slice(BASE.length))).toEqual([
      '/api/workers/codex/raw/search?session=s%201&q=a%26b&from=1&limit=100',
      '/api/log?session=s%201&from=3&count=50',
      '/api/log/search?session=s%201&worker=codex&type=message&q=x%20y&from=2&limit=10',
    ]);
  });

  it('asks the server for a plan preview with the start request, read by its schema', async () => {
    const preview = {
      breakdown: {
        task: 't',
        assignments: [{ agent: 'codex', title: 'Tests', instructions: 'add tests', scope: ['test/'] }],
        source: 'agent',
      },
      planner: 'claude',
      fallback: null,
    };
    const { client, calls } = setup(() => Response.json(preview));
    const request = { task: 't', repo: '/r', agents: ['codex'], demo: true };
    expect(await client.planSession!(request)).toEqual(preview);
    expect(calls.map((c) => [c.init.method, c.url, c.init.body])).toEqual([
      ['POST', `${BASE}/api/plan`, JSON.stringify(request)],
    ]);
    const broken = setup(() => Response.json({ ...preview, planner: 42 })).client;
    await expect(broken.planSession!(request)).rejects.toThrow();
  });

  it('turns refusals into ClientErrors with the server code', async () => {
    const { client } = setup((url) =>
      url.endsWith('/api/sessions')
        ? Response.json({ error: { code: 'bad_repo', message: 'repository not found: /x' } }, { status: 400 })
        : new Response('gateway down', { status: 502 }),
    );
    const refused = await client.startSession({ task: 't', repo: '/x', demo: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ClientError);
    expect(refused).toMatchObject({ code: 'bad_repo', message: 'repository not found: /x' });
    await expect(client.sessionState('s')).rejects.toMatchObject({ code: 'http_502' });
    await expect(client.pickRepository()).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('delivers each streamed event once, until unsubscribed', async () => {
    const { client, streams } = setup();
    const payloads: SessionEventsPayload[] = [];
    client.onEvents((payload) => payloads.push(payload));
    await client.subscribe('s 1', 2);
    const [stream] = streams;
    expect(stream!.url).toBe(`${BASE}/api/events/stream?session=s%201&after=2&token=${TOKEN}`);
    for (const seq of [2, 3, 4, 4, 5, 3, 6]) stream!.emit(event(seq));
    expect(payloads.map((p) => [p.sessionId, p.events.map((e) => e.seq)])).toEqual([
      ['s 1', [3]],
      ['s 1', [4]],
      ['s 1', [5]],
      ['s 1', [6]],
    ]);

    await client.subscribe('s 1', 6);
    expect(stream!.closed).toBe(true);
    await client.unsubscribe('s 1');
    expect(streams[1]!.closed).toBe(true);
  });
});

describe('choosing the client', () => {
  it('reads the token from the fragment only', () => {
    expect(tokenFromLocation({ hash: '#token=abc' })).toBe('abc');
    expect(tokenFromLocation({ hash: '#token=' })).toBeNull();
    expect(tokenFromLocation({ hash: '' })).toBeNull();
  });

  it('reads the session a dashboard link opens on from the fragment, beside the token', () => {
    expect(sessionFromLocation({ hash: '#token=abc&session=20260101-120000-abcdef' })).toBe(
      '20260101-120000-abcdef',
    );
    expect(tokenFromLocation({ hash: '#token=abc&session=20260101-120000-abcdef' })).toBe('abc');
    expect(sessionFromLocation({ hash: '#token=abc' })).toBeNull();
    expect(sessionFromLocation({ hash: '#token=abc&session=' })).toBeNull();
  });

  it('uses the app bridge when there is one, else HTTP with the fragment token, else nothing', async () => {
    const list = vi.fn(async () => ({ ok: true as const, value: [] }));
    const bridge = { sessions: { list } } as unknown as OrchestratorApi;
    const location = { hash: '#token=abc', origin: BASE } as Location;
    await selectClient({ orchestrator: bridge, location })!.listSessions();
    expect(list).toHaveBeenCalled();

    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockResolvedValue(Response.json([]));
    await selectClient({ orchestrator: undefined, location })!.listSessions();
    expect(fetchSpy).toHaveBeenCalledWith(`${BASE}/api/sessions`, expect.objectContaining({ method: 'GET' }));
    fetchSpy.mockRestore();

    expect(
      selectClient({ orchestrator: undefined, location: { hash: '', origin: BASE } as Location }),
    ).toBeNull();
  });
});
