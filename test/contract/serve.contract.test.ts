import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SessionState, SessionSummary } from '../../src-shared/models';
import { readSse } from '../../src-main/server/testing/sse-reader';
import { startOrchestrate, type ServeProcess } from '../../src-main/server/testing/serve-process';
import { splitLines } from '../cli-fixtures';
import { scratchRepo } from '../scratch-repo';
import { claudeContractAgentConfig, startAnthropicMock } from './claude-setup';

const cleanup: Array<() => unknown> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('orchestrate serve with a real CLI session', () => {
  it('starts a real claude session through the API, streams it, and serves its summary', async () => {
    const mock = await startAnthropicMock();
    cleanup.push(() => mock.close());
    const dir = mkdtempSync(join(tmpdir(), 'orchestrator-serve-real-'));
    const repo = scratchRepo();
    cleanup.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => rmSync(repo, { recursive: true, force: true }),
    );
    const config = join(dir, 'cfg.json');
    writeFileSync(config, JSON.stringify({ agents: { claude: claudeContractAgentConfig(mock.url, dir) } }));
    const workspace = join(dir, 'sessions');
    const server: ServeProcess = await startOrchestrate(
      ['serve', '--port', '0', '--workspace', workspace, '--config', config],
      { ORCHESTRATOR_HOME: join(dir, 'home') },
    );
    cleanup.push(() => server.stop());
    const auth = { authorization: `Bearer ${server.token}` };

    const started = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        task: 'add a CONTRIBUTING note',
        repo,
        agents: ['claude'],
        demo: false,
        plan: 'template',
      }),
    });
    expect(started.status, await started.clone().text()).toBe(201);
    const { sessionId } = (await started.json()) as { sessionId: string };

    const stream = await fetch(`${server.url}/api/events/stream?session=${sessionId}`, { headers: auth });
    expect(stream.status).toBe(200);
    const messages = await readSse(
      stream.body!,
      (seen) => seen.some((m) => m.event.type === 'session_status' && m.event.payload.status === 'completed'),
      90_000,
    );
    const streamed = messages.map((m) => m.event);
    expect(streamed.map((e) => e.seq)).toEqual(streamed.map((_, i) => i + 1));
    expect(streamed.some((e) => e.type === 'file_change' && e.workerId === 'claude')).toBe(true);
    const stored = splitLines(readFileSync(join(workspace, sessionId, 'events.jsonl'), 'utf8')).map((l) =>
      JSON.parse(l),
    );
    expect(streamed).toEqual(stored.slice(0, streamed.length));

    const session = SessionState.parse(
      await (await fetch(`${server.url}/api/session?session=${sessionId}`, { headers: auth })).json(),
    );
    expect(session.workers[0]).toMatchObject({ workerId: 'claude', demo: false, status: 'completed' });
    const summary = SessionSummary.parse(
      await (await fetch(`${server.url}/api/summary?session=${sessionId}`, { headers: auth })).json(),
    );
    expect(summary.workers[0]).toMatchObject({
      workerId: 'claude',
      status: 'completed',
      filesChanged: ['claude-work.md'],
    });
    expect(mock.requests.length).toBeGreaterThan(0);
  });
});
