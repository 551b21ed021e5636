import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionState } from '../../src-shared/models';
import { MAX_TASK_LENGTH } from '../coordinator/validate-request';
import { scratchRepo } from '../../test/scratch-repo';
import { MAX_STREAMS_PER_TOKEN } from './routes/stream-route';
import { Started } from './schemas';
import { startOrchestrate, type ServeProcess } from './testing/serve-process';

// `orchestrate serve` as a real process: what one request or one client does must not reach the others.

const temp: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temp.push(dir);
  return dir;
};
let server: ServeProcess;
let repo: string;

beforeAll(async () => {
  repo = scratchRepo();
  temp.push(repo);
  const config = join(tempDir('orchestrator-cfg-'), 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      agents: {
        gemini: {
          command: 'gemini',
          env: { ORCHESTRATOR_DEMO_SCENARIO: 'slow', ORCHESTRATOR_DEMO_DELAY_MS: '40' },
        },
        codex: { command: 'codex', env: { ORCHESTRATOR_DEMO_SCENARIO: 'hang' } },
      },
    }),
  );
  server = await startOrchestrate(
    ['serve', '--port', '0', '--workspace', tempDir('orchestrator-ws-'), '--config', config],
    { ORCHESTRATOR_HOME: tempDir('orchestrator-home-') },
  );
}, 60_000);

afterAll(async () => {
  await server?.stop();
  temp.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const auth = () => ({ authorization: `Bearer ${server.token}` });
const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function statusOf(sessionId: string): Promise<string> {
  const response = await fetch(`${server.url}/api/session?session=${sessionId}`, { headers: auth() });
  return SessionState.parse(await response.json()).status;
}

describe('serve keeps serving whatever one request holds', () => {
  it('answers a NUL anywhere in a body with 400, and stays up with its live session', async () => {
    const live = Started.parse(
      await (await post('/api/sessions', { task: 'live', repo, agents: ['gemini'], demo: true })).json(),
    );
    const start = { repo, agents: ['gemini'], demo: true };
    const refusals = [
      await post('/api/sessions', { ...start, task: 'x\u0000y' }),
      await post('/api/sessions', { ...start, task: 'ok', repo: `${repo}\u0000` }),
      await post('/api/sessions', { ...start, task: 'ok', agents: ['gem\u0000ini'] }),
      await post('/api/plan', { ...start, task: 'x\u0000y', plan: 'template' }),
      await post(`/api/control/pause?session=${live.sessionId}`, { workerId: 'gem\u0000ini' }),
    ];
    for (const response of refusals) {
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/NUL character/);
    }
    expect((await fetch(`${server.url}/health`, { headers: auth() })).status).toBe(200);
    const deadline = Date.now() + 60_000;
    while ((await statusOf(live.sessionId)) !== 'completed') {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(server.child.exitCode).toBeNull();
  }, 90_000);

  it('takes a task of the maximum length in a multi-byte script, JSON-escaped', async () => {
    // U+2603 is 3 bytes in UTF-8; escaped as \u2603 it is 6 — the body is about 600 KB.
    const task = '\u2603'.repeat(MAX_TASK_LENGTH);
    const body = JSON.stringify({ task, repo, agents: ['gemini'], demo: true, plan: 'template' }).replace(
      /\u2603/g,
      '\\u2603',
    );
    const response = await fetch(`${server.url}/api/plan`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
  });

  it(`refuses the event stream past ${MAX_STREAMS_PER_TOKEN} per token with 429; a closed one frees its slot`, async () => {
    const session = Started.parse(
      await (await post('/api/sessions', { task: 'held', repo, agents: ['codex'], demo: true })).json(),
    );
    const url = `${server.url}/api/events/stream?session=${session.sessionId}`;
    const open: AbortController[] = [];
    // Held on purpose: fetch cancels the body of a response that is garbage-collected, which would close
    // that stream (and free its slot) in the middle of the test.
    const responses: Response[] = [];
    try {
      for (let i = 0; i < MAX_STREAMS_PER_TOKEN; i += 1) {
        const controller = new AbortController();
        open.push(controller);
        const response = await fetch(url, { headers: auth(), signal: controller.signal });
        responses.push(response);
        expect(response.status).toBe(200);
      }
      const refused = await fetch(url, { headers: auth() });
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_many_streams');
      open.shift()!.abort();
      const deadline = Date.now() + 10_000;
      for (;;) {
        const controller = new AbortController();
        const again = await fetch(url, { headers: auth(), signal: controller.signal });
        if (again.status === 200) {
          open.push(controller);
          responses.push(again);
          break;
        }
        expect(again.status).toBe(429);
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      open.forEach((c) => c.abort());
      await Promise.allSettled(responses.map((r) => r.body?.cancel()));
      await post(`/api/control/stop?session=${session.sessionId}`, {});
    }
  }, 60_000);
});
