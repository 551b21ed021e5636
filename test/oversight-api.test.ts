import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OpenDecision, OrchestratorConfig, type Event } from '../src-shared/models';
import { SessionService } from '../src-main/coordinator/session-service';
import { createApiApp } from '../src-main/server/create-app';
import { readEvents } from '../src-main/store/session-folder';
import { isAlive, waitFor } from './proc';
import { scratchRepo } from './scratch-repo';

const TOKEN = 't'.repeat(43);
const HOST = '127.0.0.1:4322';
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(env: Record<string, string>, interactive: boolean, workspace?: string) {
  const ws = workspace ?? mkdtempSync(join(tmpdir(), 'orchestrator-oversight-api-'));
  if (!workspace) temp.push(ws);
  const config = OrchestratorConfig.parse({
    agents: Object.fromEntries(['claude', 'codex', 'gemini'].map((a) => [a, { command: a, env }])),
  });
  const service = new SessionService({ workspace: ws, config, interactive });
  const { app } = createApiApp({
    service,
    token: TOKEN,
    bindHost: '127.0.0.1',
    port: () => 4322,
    dashboard: null,
  });
  const call = (path: string, method = 'GET', body?: unknown) =>
    app.request(`http://${HOST}${path}`, {
      method,
      headers: {
        host: HOST,
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { ws, service, call };
}

async function start(service: SessionService) {
  const repo = scratchRepo();
  temp.push(repo);
  const started = await service.start({
    task: 'add a CONTRIBUTING file',
    repo,
    demo: true,
    plan: 'template',
  });
  const events: Event[] = [];
  service.subscribe(started.sessionId, 0, (batch) => events.push(...batch));
  return { ...started, events };
}

const errorCode = async (response: Response) =>
  z.object({ error: z.object({ code: z.string() }) }).parse(await response.json()).error.code;

describe('oversight through the HTTP API, on real demo sessions', () => {
  it('a person answers the worker asked about while the others run on, then stops the paused session', async () => {
    // Slow workers: the milestone's review concludes while they still run, so the app's pause is real.
    const { service, call } = setup(
      {
        ORCHESTRATOR_DEMO_VERDICT: 'concern',
        ORCHESTRATOR_DEMO_SCENARIO: 'slow',
        ORCHESTRATOR_DEMO_DELAY_MS: '60',
      },
      true,
    );
    const { sessionId, events } = await start(service);
    const q = `?session=${sessionId}`;
    await waitFor(() => (service.state(sessionId)!.openDecisions ?? []).length > 0, 60_000);
    expect(service.state(sessionId)!.status).toBe('paused');
    const open = z.array(OpenDecision).parse(await (await call(`/api/decisions/open${q}`)).json());
    const asked = open[0]!;

    const unnamed = await call(`/api/decisions/${asked.id}${q}`, 'POST', { choice: 'answer', answer: 'x' });
    expect(unnamed.status).toBe(400);
    expect(await errorCode(unnamed)).toBe('worker_required');
    const other = ['claude', 'codex', 'gemini'].find((w) => w !== asked.workerId)!;
    const wrong = await call(`/api/decisions/${asked.id}${q}`, 'POST', {
      workerId: other,
      choice: 'answer',
      answer: 'x',
    });
    expect(wrong.status).toBe(409);
    expect(await errorCode(wrong)).toBe('wrong_worker');

    const answer = `Keep it short, ${asked.workerId}.`;
    const answered = await call(`/api/decisions/${asked.id}${q}`, 'POST', {
      workerId: asked.workerId,
      choice: 'answer',
      answer,
    });
    expect(answered.status).toBe(200);
    await waitFor(
      () => events.some((e) => e.type === 'worker_started' && e.payload.args.includes(answer)),
      30_000,
    );
    const relaunches = events.filter((e) => e.type === 'worker_started' && e.payload.args.includes(answer));
    expect(relaunches.map((e) => e.workerId)).toEqual([asked.workerId]);

    // Whatever it is at now (other questions open, the answered worker at work again), Stop ends it.
    const pids = service.state(sessionId)!.workers.flatMap((w) => (w.pid ? [w.pid] : []));
    const stop = await call(`/api/control/stop${q}`, 'POST');
    expect(stop.status).toBe(200);
    expect(await service.done(sessionId)).toBe('stopped');
    await waitFor(() => pids.every((pid) => !isAlive(pid)));
    expect(service.state(sessionId)!.openDecisions).toEqual([]);
  }, 180_000);

  it('a headless run that ended paused is stopped from the API and from the service; a restart keeps it paused until then', async () => {
    const env = { ORCHESTRATOR_DEMO_VERDICT: 'concern', ORCHESTRATOR_DEMO_DELAY_MS: '20' };
    const headless = setup(env, false);
    const one = await start(headless.service);
    const two = await start(headless.service);
    expect(await headless.service.done(one.sessionId)).toBe('paused');
    expect(await headless.service.done(two.sessionId)).toBe('paused');

    // Restarted (a new app, a new `serve`): both still paused, nothing marked interrupted.
    const again = setup(env, true, headless.ws);
    expect(again.service.interrupted).toEqual([]);
    expect(again.service.state(one.sessionId)!.status).toBe('paused');

    const stop = await again.call(`/api/control/stop?session=${one.sessionId}`, 'POST');
    expect(stop.status).toBe(200);
    await again.service.control(two.sessionId, 'stop');
    for (const { sessionId, folder } of [one, two]) {
      const state = again.service.state(sessionId)!;
      expect(state.status).toBe('stopped');
      expect(state.openDecisions).toEqual([]);
      expect(state.workers.every((w) => ['stopped', 'completed', 'failed'].includes(w.status))).toBe(true);
      const log = readEvents(folder).events;
      expect(log.at(-1)).toMatchObject({ type: 'session_status', payload: { status: 'stopped' } });
      expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    }
    // Ended now: a second stop says so.
    await expect(again.service.control(one.sessionId, 'stop')).rejects.toMatchObject({ code: 'not_running' });
  }, 180_000);
  it('closing the program (the app quits) leaves a session waiting for a person paused with its questions, its workers gone', async () => {
    const env = {
      ORCHESTRATOR_DEMO_VERDICT: 'concern',
      ORCHESTRATOR_DEMO_SCENARIO: 'slow',
      ORCHESTRATOR_DEMO_DELAY_MS: '60',
    };
    const { ws, service } = setup(env, true);
    const { sessionId } = await start(service);
    await waitFor(() => (service.state(sessionId)!.openDecisions ?? []).length > 0, 60_000);
    const asked = service.state(sessionId)!.openDecisions!.map((d) => d.workerId);
    const pids = service
      .state(sessionId)!
      .workers.map((w) => w.pid)
      .filter((p): p is number => p !== null);

    await service.stopAll();
    expect(await service.done(sessionId)).toBe('paused');
    for (const pid of pids) expect(isAlive(pid)).toBe(false);

    // The next start of the app finds it as it was left: paused, the same questions open, nothing interrupted.
    const { service: again } = setup(env, true, ws);
    expect(again.interrupted).toEqual([]);
    const state = again.state(sessionId)!;
    expect(state.status).toBe('paused');
    expect((state.openDecisions ?? []).map((d) => d.workerId)).toEqual(asked);
  });
});
