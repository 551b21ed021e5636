import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
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

/** A stored session whose log is far larger than what the kernel buffers for one connection. */
function bigStoredService() {
  const { service, fixture } = storedService();
  const text = 'y'.repeat(4_000);
  const lines: string[] = [];
  for (let seq = fixture.events.length + 1; seq <= 6_000; seq += 1) {
    lines.push(
      JSON.stringify({
        seq,
        ts: '2026-11-25T10:01:00.000Z',
        sessionId: fixture.sessionId,
        workerId: 'claude',
        type: 'message',
        payload: { role: 'assistant', text: `${seq} ${text}` },
      }),
    );
  }
  appendFileSync(join(fixture.folder, 'events.jsonl'), `${lines.join('\n')}\n`);
  return { service, fixture };
}

/** Sends the stream request on a raw socket and then reads nothing at all, as a stuck client would. */
function idleStreamClient(url: string): Promise<{ socket: Socket; status: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    socket.once('error', reject);
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      resolve({ socket, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1]) });
    });
    socket.write(`GET /api/events/stream?token=${TOKEN} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
  });
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

  it('drops a client that reads nothing once its socket stalls, which frees its slot', async () => {
    const { service, fixture } = bigStoredService();
    const server = await startApiServer({
      service,
      port: 0,
      token: TOKEN,
      rendererDir: null,
      streams: { maxPerToken: 1, limits: { stalledMs: 2_000 }, sweepMs: 100 },
    });
    const sockets: Socket[] = [];
    try {
      const idle = await idleStreamClient(server.url);
      sockets.push(idle.socket);
      expect(idle.status).toBe(200);
      // The slot is taken while the idle client's stream is open...
      const refused = await fetch(`${server.url}/api/events/stream?token=${TOKEN}`);
      expect(refused.status).toBe(429);
      await refused.body?.cancel();
      // ...and freed once the server gave up on it; a client that reads then gets the whole log.
      const deadline = Date.now() + 20_000;
      let next = await fetch(`${server.url}/api/events/stream?token=${TOKEN}`);
      while (next.status === 429 && Date.now() < deadline) {
        await next.body?.cancel();
        await new Promise((r) => setTimeout(r, 100));
        next = await fetch(`${server.url}/api/events/stream?token=${TOKEN}`);
      }
      expect(next.status).toBe(200);
      const all = await readSse(next.body!, (m) => m.length === 6_000, 30_000);
      expect(all.map((m) => m.event.seq)).toEqual(Array.from({ length: 6_000 }, (_, i) => i + 1));
      expect(all.slice(0, fixture.events.length).map((m) => m.event)).toEqual(fixture.events);
    } finally {
      sockets.forEach((s) => s.destroy());
      await server.close();
    }
  });
});
