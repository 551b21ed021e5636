import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PlanPreview, SessionListItem } from '../../src-shared/ipc/contract';
import {
  OrchestratorConfig,
  OrchestratorDecision,
  PeerReview,
  SessionState,
  SessionSummary,
  WorkerState,
} from '../../src-shared/models';
import { scratchRepo } from '../../test/scratch-repo';
import { SessionService } from '../coordinator/session-service';
import { createApiApp, MAX_BODY_BYTES } from './create-app';
import { startApiServer } from './start-server';
import { loadDashboard } from './dashboard-files';
import { RecoveryEntry } from './schemas';
import { readSse } from './testing/sse-reader';
import { writeStoredSession, type StoredFixture } from './testing/stored-session';

const TOKEN = 'k'.repeat(43);
const PORT = 4321;
const HOST = `127.0.0.1:${PORT}`;
const temp: string[] = [];
let older: StoredFixture;
let newer: StoredFixture;
let app: ReturnType<typeof createApiApp>['app'];
let service: SessionService;
let renderer: string;

beforeAll(() => {
  const workspace = mkdtempSync(join(tmpdir(), 'orchestrator-api-'));
  const outside = mkdtempSync(join(tmpdir(), 'orchestrator-renderer-'));
  temp.push(workspace, outside);
  // A file beside the renderer folder: what a path-traversal request would be after.
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  renderer = join(outside, 'renderer');
  older = writeStoredSession(workspace, '20261125-100000-aaaaaa', '2026-11-25T10:00:00.000Z');
  newer = writeStoredSession(workspace, '20261125-110000-bbbbbb', '2026-11-25T11:00:00.000Z');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(
    join(renderer, 'index.html'),
    '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39;; connect-src &#39;self&#39;"></head><body></body></html>',
  );
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1);');
  service = new SessionService({ workspace, config: OrchestratorConfig.parse({}) });
  app = createApiApp({
    service,
    token: TOKEN,
    bindHost: '127.0.0.1',
    port: () => PORT,
    dashboard: loadDashboard(renderer),
  }).app;
});
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Call {
  method?: string;
  token?: string | null;
  headers?: Record<string, string>;
  body?: string;
}

const call = (path: string, { method = 'GET', token = TOKEN, headers = {}, body }: Call = {}) =>
  app.request(`http://${HOST}${path}`, {
    method,
    headers: {
      host: HOST,
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    ...(body === undefined ? {} : { body }),
  });

const json = async <T>(response: Response, schema: z.ZodType<T>): Promise<T> =>
  schema.parse(await response.json());

const errorOf = async (response: Response) =>
  z.object({ error: z.object({ code: z.string(), message: z.string() }) }).parse(await response.json()).error;

const corsHeaders = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

describe('the API on stored sessions', () => {
  it('answers every read endpoint per its shared model, for the chosen session or the newest', async () => {
    const sessions = await json(await call('/api/sessions'), z.array(SessionListItem));
    expect(sessions.map((s) => s.sessionId)).toEqual([newer.sessionId, older.sessionId]);

    const byDefault = await call('/api/session');
    expect(byDefault.headers.get('x-orchestrator-session')).toBe(newer.sessionId);
    expect(await json(byDefault, SessionState)).toEqual(newer.state);
    const chosen = await call(`/api/session?session=${older.sessionId}`);
    expect((await json(chosen, SessionState)).sessionId).toBe(older.sessionId);

    const q = `?session=${older.sessionId}`;
    const workers = await json(await call(`/api/workers${q}`), z.array(WorkerState));
    expect(workers.map((w) => w.workerId)).toEqual(['claude', 'codex', 'gemini']);
    const health = await call('/health');
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('derives reviews, decisions and recoveries from the log', async () => {
    const q = `?session=${older.sessionId}`;
    const reviews = await json(await call(`/api/reviews${q}`), z.array(PeerReview));
    expect(reviews.map((r) => [r.id, r.reviewer, r.verdict])).toEqual([
      ['r1', 'codex', 'approve'],
      ['r2', 'gemini', 'concern'],
    ]);
    const decisions = await json(await call(`/api/decisions${q}`), z.array(OrchestratorDecision));
    expect(decisions).toEqual([
      {
        id: 'decision-7',
        action: 'LOG_WARNING',
        reason: 'gemini: concern — no burst test; codex: approve',
        rule: 'single_concern',
        target: 'claude',
        reviewIds: ['r1', 'r2'],
        at: older.events[6]!.ts,
      },
    ]);
    const recovery = await json(await call(`/api/recovery${q}`), z.array(RecoveryEntry));
    expect(recovery).toEqual([
      expect.objectContaining({ seq: 8, workerId: 'codex', kind: 'backoff', errorId: 'codex-rate-limit' }),
    ]);
    const summary = await json(await call(`/api/summary${q}`), SessionSummary);
    expect(summary.reviews).toEqual([
      { target: 'claude', reviewer: 'codex', verdict: 'approve' },
      { target: 'claude', reviewer: 'gemini', verdict: 'concern' },
    ]);
    expect(summary.decisions).toEqual([{ action: 'LOG_WARNING', reason: decisions[0]!.reason }]);
    expect(summary.workers.map((w) => w.status)).toEqual(['completed', 'completed', 'completed']);
  });

  it('streams the stored log as SSE with seq ids, and resumes after Last-Event-ID', async () => {
    const all = await call(`/api/events/stream?session=${older.sessionId}`);
    expect(all.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const messages = await readSse(all.body!, (m) => m.length === older.events.length);
    expect(messages.map((m) => m.event)).toEqual(older.events);
    expect(messages.map((m) => m.id)).toEqual(older.events.map((e) => String(e.seq)));

    const resumed = await call(`/api/events/stream?session=${older.sessionId}&after=2`, {
      headers: { 'last-event-id': '5' },
    });
    const rest = await readSse(resumed.body!, (m) => m.length === older.events.length - 5);
    expect(rest.map((m) => m.event.seq)).toEqual(older.events.slice(5).map((e) => e.seq));
    const fromQuery = await call(`/api/events/stream?session=${older.sessionId}&after=9`);
    expect((await readSse(fromQuery.body!, (m) => m.length === 2)).map((m) => m.event.seq)).toEqual([10, 11]);
  });

  it('accepts the token in the query for the event stream only', async () => {
    const stream = await call(`/api/events/stream?session=${older.sessionId}&token=${TOKEN}`, {
      token: null,
    });
    expect(stream.status).toBe(200);
    await stream.body!.cancel();
    expect((await call(`/api/session?token=${TOKEN}`, { token: null })).status).toBe(401);
  });
});

describe('refusals', () => {
  it('answers a missing or wrong token with 401 and nothing else', async () => {
    for (const response of [
      await call('/api/session', { token: null }),
      await call('/api/session', { token: 'wrong' }),
      await call('/api/session', { token: TOKEN.slice(1) }),
      await call('/health', { token: null }),
      await call('/api/events/stream', { token: null }),
      await call('/api/control/stop', { method: 'POST', token: null }),
      await call('/api/session', { token: null, headers: { authorization: `Basic ${TOKEN}` } }),
    ]) {
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('{"error":{"code":"unauthorized","message":"unauthorized"}}');
      expect(response.headers.get('x-orchestrator-session')).toBeNull();
    }
  });

  it('refuses a foreign Host and a foreign Origin with 403, even with the token', async () => {
    const foreignHost = await call('/api/session', { headers: { host: `evil.example:${PORT}` } });
    expect(foreignHost.status).toBe(403);
    expect((await errorOf(foreignHost)).code).toBe('forbidden_host');
    expect((await call('/', { headers: { host: `rebind.example:${PORT}` } })).status).toBe(403);
    expect((await call('/api/session', { headers: { host: '127.0.0.1:9999' } })).status).toBe(403);
    for (const origin of ['http://evil.example', 'null', `https://${HOST}`, `http://localhost:${PORT}`]) {
      const response = await call('/api/session', { headers: { origin } });
      expect(response.status).toBe(403);
      expect((await errorOf(response)).code).toBe('forbidden_origin');
    }
    expect((await call('/api/session', { headers: { host: `localhost:${PORT}` } })).status).toBe(200);
    expect((await call('/api/session', { headers: { origin: `http://${HOST}` } })).status).toBe(200);
  });

  it('never sends a CORS header, not even to a preflight', async () => {
    const preflight = await call('/api/control/stop', {
      method: 'OPTIONS',
      token: null,
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(corsHeaders(preflight)).toEqual([]);
    for (const path of ['/api/session', '/health', '/']) {
      const response = await call(path, { headers: { origin: `http://${HOST}` } });
      expect(response.status).toBe(200);
      expect(corsHeaders(response)).toEqual([]);
    }
  });

  it('bounds request bodies (413) and reads only JSON (415, 400)', async () => {
    const big = JSON.stringify({ workerId: 'x'.repeat(MAX_BODY_BYTES + 1) });
    const tooLarge = await call('/api/control/pause', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(tooLarge.status).toBe(413);
    expect((await errorOf(tooLarge)).code).toBe('body_too_large');
    const asText = await call('/api/control/pause', { method: 'POST', body: '{"workerId":"claude"}' });
    expect(asText.status).toBe(415);
    const badJson = await call('/api/control/pause', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect((await errorOf(badJson)).code).toBe('bad_json');
    const extraField = await call('/api/control/pause', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"workerId":"claude","sudo":true}',
    });
    expect(extraField.status).toBe(400);
    expect((await errorOf(extraField)).code).toBe('invalid_input');
  });

  it('says what is wrong: 400 bad ids, 404 unknown things, 409 not running, 501 unavailable', async () => {
    const cases: [string, Call, number, string][] = [
      ['/api/session?session=../etc', {}, 400, 'bad_session'],
      ['/api/events/stream', { headers: { 'last-event-id': 'x1' } }, 400, 'bad_resume_point'],
      ['/api/session?session=20990101-000000-ffffff', {}, 404, 'not_found'],
      ['/api/nothing-here', {}, 404, 'not_found'],
      ['/api/control/reboot', { method: 'POST' }, 404, 'not_found'],
      [`/api/workers/nobody/raw?session=${older.sessionId}`, {}, 404, 'not_found'],
      [`/api/control/pause?session=${older.sessionId}`, { method: 'POST' }, 409, 'not_running'],
      [`/api/control/review?session=${older.sessionId}`, { method: 'POST' }, 409, 'not_running'],
      [`/api/sessions/${older.sessionId}/resume`, { method: 'POST' }, 409, 'not_resumable'],
      ['/api/doctor', {}, 501, 'not_available'],
    ];
    for (const [path, init, status, code] of cases) {
      const response = await call(path, init);
      expect([path, response.status]).toEqual([path, status]);
      expect((await errorOf(response)).code).toBe(code);
    }
  });

  it('refuses a session that fails validation with the field it is about', async () => {
    const response = await call('/api/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task: '  ', repo: '/nowhere', demo: true }),
    });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('bad_task');
  });
});

describe('plan preview', () => {
  const plan = (body: unknown) =>
    call('/api/plan', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers the plan the planner agent makes for the request, and starts nothing', async () => {
    const repo = scratchRepo();
    temp.push(repo);
    const before = await json(await call('/api/sessions'), z.array(SessionListItem));
    const task = 'add a CONTRIBUTING file';
    const response = await plan({ task, repo, agents: ['codex', 'gemini'], demo: true });
    expect(response.status).toBe(200);
    const preview = await json(response, PlanPreview);
    expect(preview).toMatchObject({
      planner: 'claude',
      fallback: null,
      breakdown: { task, source: 'agent' },
    });
    expect(preview.breakdown.assignments.map((a) => a.agent)).toEqual(['codex', 'gemini']);
    expect(await json(await call('/api/sessions'), z.array(SessionListItem))).toEqual(before);
  });

  it('refuses a request that fails validation with the field it is about, or a plan of its own', async () => {
    const bad = await plan({ task: ' ', repo: '/nowhere', demo: true });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('bad_task');
    const withPlan = await plan({
      task: 't',
      repo: '/nowhere',
      demo: true,
      breakdown: { task: 't', assignments: [], source: 'template' },
    });
    expect(withPlan.status).toBe(400);
    expect((await errorOf(withPlan)).code).toBe('invalid_input');
  });
});

describe('the dashboard files', () => {
  it('serves the built renderer without the token, under the renderer own CSP plus frame-ancestors', async () => {
    const page = await call('/', { token: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
    );
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await call('/favicon.ico', { token: null })).status).toBe(204);
    const script = await call('/assets/app.js', { token: null });
    expect(await script.text()).toBe('console.log(1);');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('never serves a file outside the renderer folder, whatever path reaches the server', async () => {
    // Sent over a real socket with the path as written: a URL or fetch client would resolve `..` and
    // `%2e%2e` segments itself, and the server would never see the attempt.
    const server = await startApiServer({ service, token: TOKEN, rendererDir: renderer });
    const { port } = server;
    try {
      for (const path of [
        '/../secret.txt',
        '/assets/%2e%2e/%2e%2e/secret.txt',
        '/assets/../../secret.txt',
        '/..%2fsecret.txt',
        '/%2e%2e%2fsecret.txt',
        '/assets/..%5c..%5csecret.txt',
      ]) {
        const response = await rawGet(port, path);
        expect([path, response.path]).toEqual([path, path]);
        expect([path, response.status]).toEqual([path, 404]);
        expect(response.body).not.toContain('secret');
      }
    } finally {
      await server.close();
    }
  });
});

/** GET with the request line's path exactly as given; `path` echoes what the server was asked for. */
function rawGet(port: number, path: string): Promise<{ status: number; body: string; path: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'GET', headers: { host: `127.0.0.1:${port}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, path: req.path }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
