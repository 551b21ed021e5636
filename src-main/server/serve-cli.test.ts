import { request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RawLogPage, SessionListItem, WorkerDiff } from '../../src-shared/ipc/contract';
import {
  OrchestratorDecision,
  PeerReview,
  SessionState,
  SessionSummary,
  WorkerState,
} from '../../src-shared/models';
import { readEvents } from '../store/session-folder';
import { isAlive, procState, waitFor } from '../../test/proc';
import { scratchRepo } from '../../test/scratch-repo';
import { MAX_BODY_BYTES } from './create-app';
import { ControlResult, Health, RecoveryEntry, Started } from './schemas';
import { startOrchestrate, type ServeProcess } from './testing/serve-process';
import { readSse } from './testing/sse-reader';

// `orchestrate serve` as a real process, with real demo agents: codex hangs (for control), gemini is slow
// (for a stream that is still going when it is cut), claude runs normally (it is also the planner).

const temp: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temp.push(dir);
  return dir;
};
let server: ServeProcess;
let home: string;
let workspace: string;
let repo: string;

beforeAll(async () => {
  home = tempDir('orchestrator-home-');
  workspace = tempDir('orchestrator-ws-');
  repo = scratchRepo();
  temp.push(repo);
  const config = join(tempDir('orchestrator-cfg-'), 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      agents: {
        claude: { command: 'claude' },
        codex: { command: 'codex', env: { ORCHESTRATOR_DEMO_SCENARIO: 'hang' } },
        gemini: {
          command: 'gemini',
          env: { ORCHESTRATOR_DEMO_SCENARIO: 'slow', ORCHESTRATOR_DEMO_DELAY_MS: '25' },
        },
      },
    }),
  );
  server = await startOrchestrate(['serve', '--port', '0', '--workspace', workspace, '--config', config], {
    ORCHESTRATOR_HOME: home,
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  temp.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${server.token}`, ...(init.headers as Record<string, string>) },
  });

async function get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  const response = await api(path);
  expect([path, response.status]).toEqual([path, 200]);
  return schema.parse(await response.json());
}

async function post<T>(path: string, body: unknown, schema: z.ZodType<T>, status = 200): Promise<T> {
  const response = await api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json();
  expect([path, response.status, json]).toEqual([path, status, expect.anything()]);
  return schema.parse(json);
}

const startDemo = (agent: string, task: string) =>
  post('/api/sessions', { task, repo, agents: [agent], demo: true }, Started, 201);

async function waitForStatus(
  sessionId: string,
  statuses: string[],
  timeoutMs = 30_000,
): Promise<SessionState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await get(`/api/session?session=${sessionId}`, SessionState);
    if (statuses.includes(state.status)) return state;
    if (Date.now() > deadline) throw new Error(`session still ${state.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The pid of the session's one worker once it runs, from the API itself. */
async function runningPid(query: string): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [worker] = await get(`/api/workers${query}`, z.array(WorkerState));
    if (worker?.status === 'running' && worker.pid !== null) return worker.pid;
    if (Date.now() > deadline) throw new Error(`the worker is still ${worker?.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A raw HTTP request, so Host, Origin and the body are exactly what the test says. */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('orchestrate serve', () => {
  it('prints the dashboard URL and the token, which it keeps user-only in the app data folder', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.dashboardUrl).toBe(`${server.url}/#token=${server.token}`);
    const file = join(home, 'server-token');
    expect(readFileSync(file, 'utf8').trim()).toBe(server.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('answers every endpoint per its schema for a demo session it started', async () => {
    const { sessionId, folder } = await startDemo('claude', 'add a contributing guide');
    expect(folder).toBe(join(workspace, sessionId));
    const q = `?session=${sessionId}`;
    await waitForStatus(sessionId, ['completed']);

    expect(await get('/health', Health)).toEqual({ status: 'ok' });
    const sessions = await get('/api/sessions', z.array(SessionListItem));
    expect(sessions.map((s) => s.sessionId)).toContain(sessionId);
    const state = await get(`/api/session${q}`, SessionState);
    expect(state.workers.map((w) => [w.workerId, w.status])).toEqual([['claude', 'completed']]);
    expect(await get(`/api/workers${q}`, z.array(WorkerState))).toEqual(state.workers);
    // Whatever the review engine and recovery did, the API says exactly what the log says.
    const logged = readEvents(folder).events;
    const reviews = await get(`/api/reviews${q}`, z.array(PeerReview));
    expect(reviews).toEqual(logged.flatMap((e) => (e.type === 'review_verdict' ? [e.payload.review] : [])));
    const decisions = await get(`/api/decisions${q}`, z.array(OrchestratorDecision));
    expect(decisions.map((d) => [d.action, d.rule])).toEqual(
      logged.flatMap((e) => (e.type === 'decision' ? [[e.payload.action, e.payload.rule]] : [])),
    );
    const recovery = await get(`/api/recovery${q}`, z.array(RecoveryEntry));
    expect(recovery.map((r) => r.seq)).toEqual(
      logged.flatMap((e) => (e.type === 'recovery_action' ? [e.seq] : [])),
    );
    const summary = await get(`/api/summary${q}`, SessionSummary);
    expect(summary).toEqual(
      SessionSummary.parse(JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8'))),
    );
    const page = await get(`/api/workers/claude/raw${q}&from=1&count=3`, RawLogPage);
    expect(page.lines).toHaveLength(3);
    expect(page.total).toBeGreaterThan(3);
    const diff = await get(`/api/workers/claude/diff${q}`, WorkerDiff);
    expect(diff.files.map((f) => f.path)).toEqual(state.workers[0]!.filesChanged);
  });

  it('streams every event exactly once across a dropped connection resumed with Last-Event-ID', async () => {
    const { sessionId, folder } = await startDemo('gemini', 'record the change');
    const q = `?session=${sessionId}`;
    const first = await api(`/api/events/stream${q}`);
    expect(first.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // Cut the connection mid-stream: readSse cancels the body once it has five whole messages.
    const before = await readSse(first.body!, (m) => m.length >= 5);
    const lastId = before.at(-1)!.id!;
    expect(await get(`/api/session${q}`, SessionState)).toMatchObject({ status: 'running' });

    const second = await api(`/api/events/stream${q}`, { headers: { 'last-event-id': lastId } });
    const after = await readSse(
      second.body!,
      (m) => m.some((x) => x.event.type === 'session_status' && x.event.payload.status === 'completed'),
      60_000,
    );
    const seen = [...before, ...after];
    expect(seen.map((m) => m.id)).toEqual(seen.map((m) => String(m.event.seq)));
    const stored = readEvents(folder).events;
    expect(seen.map((m) => m.event)).toEqual(stored);
    expect(new Set(seen.map((m) => m.event.seq)).size).toBe(stored.length);
  }, 90_000);

  it('pauses, resumes, reviews and stops the real agent processes', async () => {
    const { sessionId, folder } = await startDemo('codex', 'wait for the person');
    const q = `?session=${sessionId}`;
    const pid = await runningPid(q);
    expect(isAlive(pid)).toBe(true);

    expect(await post(`/api/control/pause${q}`, { workerId: 'codex' }, ControlResult)).toEqual({
      sessionId,
      command: 'pause',
      workerId: 'codex',
    });
    await waitFor(() => procState(pid) === 'T');
    expect((await get(`/api/workers${q}`, z.array(WorkerState)))[0]!.status).toBe('paused');

    await post(`/api/control/resume${q}`, { workerId: 'codex' }, ControlResult);
    await waitFor(() => procState(pid) !== 'T');
    expect((await get(`/api/workers${q}`, z.array(WorkerState)))[0]!.status).toBe('running');

    const unnamed = await api(`/api/control/review${q}`, { method: 'POST' });
    expect(unnamed.status).toBe(400);
    expect(await post(`/api/control/review${q}`, { workerId: 'codex' }, ControlResult)).toEqual({
      sessionId,
      command: 'review',
      workerId: 'codex',
    });

    const stop = await api(`/api/control/stop${q}`, { method: 'POST' });
    expect(ControlResult.parse(await stop.json())).toEqual({ sessionId, command: 'stop' });
    await waitForStatus(sessionId, ['stopped']);
    await waitFor(() => !isAlive(pid));
    const again = await api(`/api/control/pause${q}`, { method: 'POST' });
    expect(again.status).toBe(409);
    const controls = readEvents(folder).events.flatMap((e) =>
      e.type === 'control' ? [e.payload.command] : [],
    );
    expect(controls).toEqual(['pause', 'resume', 'review', 'stop']);
  }, 60_000);

  it('gives a request without the right token 401 and nothing else', async () => {
    const host = new URL(server.url).host;
    const attempts: Record<string, string>[] = [
      { host },
      { host, authorization: 'Bearer wrong' },
      { host, authorization: server.token },
    ];
    for (const headers of attempts) {
      const response = await raw('/api/session', { headers });
      expect(response.status).toBe(401);
      expect(response.body).toBe('{"error":{"code":"unauthorized","message":"unauthorized"}}');
      expect(Object.keys(response.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('refuses a foreign Host or Origin with 403 and an oversized body with 413', async () => {
    const port = new URL(server.url).port;
    const auth = { authorization: `Bearer ${server.token}` };
    const foreign = await raw('/api/session', { headers: { ...auth, host: `attacker.example:${port}` } });
    expect(foreign.status).toBe(403);
    const evil = await raw('/api/session', {
      headers: { ...auth, host: `127.0.0.1:${port}`, origin: 'http://attacker.example' },
    });
    expect(evil.status).toBe(403);
    const body = JSON.stringify({ workerId: 'w'.repeat(MAX_BODY_BYTES + 1) });
    const large = await raw('/api/control/pause', {
      method: 'POST',
      headers: { ...auth, host: `127.0.0.1:${port}`, 'content-type': 'application/json' },
      body,
    });
    expect(large.status).toBe(413);
    expect(JSON.parse(large.body)).toEqual({
      error: { code: 'body_too_large', message: 'the request body is too large' },
    });
  });

  it('stops the sessions it started and exits 0 on SIGTERM', async () => {
    const { sessionId, folder } = await startDemo('codex', 'outlive the server');
    let pid: number | null = null;
    await waitFor(() => {
      pid = readEvents(folder).events.find((e) => e.type === 'worker_started')?.payload.pid ?? null;
      return pid !== null;
    }, 20_000);
    expect(await server.stop()).toBe(0);
    await waitFor(() => !isAlive(pid!));
    const summary = SessionSummary.parse(JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')));
    expect(summary).toMatchObject({ sessionId, status: 'stopped' });
  }, 60_000);
});
