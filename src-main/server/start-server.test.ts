import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { OrchestratorConfig } from '../../src-shared/models';
import { SessionService } from '../coordinator/session-service';
import { waitFor } from '../../test/proc';
import { listenWarnings, startApiServer } from './start-server';
import { readSse } from './testing/sse-reader';
import { writeStoredSession } from './testing/stored-session';

const TOKEN = 't'.repeat(43);
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

function storedService() {
  const workspace = mkdtempSync(join(tmpdir(), 'orchestrator-api-'));
  temp.push(workspace);
  const fixture = writeStoredSession(workspace, '20261125-100000-cccccc');
  return { service: new SessionService({ workspace, config: OrchestratorConfig.parse({}) }), fixture };
}

describe('startApiServer', () => {
  it('listens on 127.0.0.1 by default, and warns about any address other machines may reach', async () => {
    const { service } = storedService();
    const server = await startApiServer({ service, port: 0, token: TOKEN, rendererDir: null });
    try {
      expect(server.host).toBe('127.0.0.1');
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.warnings).toEqual([]);
      expect(server.dashboardUrl).toBeNull();
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(404);
    } finally {
      await server.close();
    }
    expect(listenWarnings('localhost')).toEqual([]);
    expect(listenWarnings('0.0.0.0')).toEqual([expect.stringContaining('other machines')]);
    expect(listenWarnings('192.168.1.5')).toHaveLength(1);
  });

  it('lets go of a client that drops, and ends open streams when it closes', async () => {
    const { service, fixture } = storedService();
    const unsubscribed = vi.fn();
    const subscribe = service.subscribe.bind(service);
    vi.spyOn(service, 'subscribe').mockImplementation((id, after, onBatch) => {
      const stop = subscribe(id, after, onBatch);
      return () => {
        unsubscribed();
        stop();
      };
    });
    const server = await startApiServer({ service, port: 0, token: TOKEN, rendererDir: null });
    const stream = (query = '') => fetch(`${server.url}/api/events/stream?token=${TOKEN}${query}`);

    const dropped = await stream();
    const received = await readSse(dropped.body!, (m) => m.length > 0);
    expect(received.map((m) => m.event)).toEqual(fixture.events.slice(0, received.length));
    await waitFor(() => unsubscribed.mock.calls.length === 1, 15_000);

    const open = await stream(`&after=${fixture.events.length}`);
    const reader = open.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('retry: 1000\n\n');
    const closed = server.close();
    // The client sees its stream end rather than hang, and the server finishes closing.
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
    await closed;
    expect(unsubscribed).toHaveBeenCalledTimes(2);
  });
});
