import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrchestratorConfig } from '../../../src-shared/models';
import { UserInputError } from '../../coordinator/errors';
import { SessionService } from '../../coordinator/session-service';
import { parsePort, serveIfAsked, startServing } from './serve';

const temp: string[] = [];
let service: SessionService;
beforeAll(() => {
  const home = mkdtempSync(join(tmpdir(), 'orchestrator-home-'));
  temp.push(home);
  // The token is created in the app data folder: a throwaway one, never the person's own.
  process.env.ORCHESTRATOR_HOME = home;
  service = new SessionService({ workspace: join(home, 'sessions'), config: OrchestratorConfig.parse({}) });
});
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

const refusal = (run: () => unknown): UserInputError => {
  try {
    run();
  } catch (error) {
    if (error instanceof UserInputError) return error;
    throw error;
  }
  throw new Error('no refusal');
};

describe('orchestrate serve options', () => {
  it('takes a port from 0 to 65535', () => {
    expect([parsePort('0'), parsePort('8765'), parsePort('65535')]).toEqual([0, 8765, 65535]);
    for (const bad of ['65536', '-1', '80a', '', '1e3', '123456']) {
      expect(refusal(() => parsePort(bad)).code).toBe('bad_port');
    }
  });

  it('serves for `run` only with --serve, and prints where with the token', async () => {
    expect(await serveIfAsked(service, {})).toBeNull();
    await expect(serveIfAsked(service, { port: '0' })).rejects.toThrow('--port needs --serve');

    let printed = '';
    const server = await serveIfAsked(service, { serve: true, port: '0' }, {}, (text) => (printed += text));
    try {
      expect(server).not.toBeNull();
      expect(printed).toContain(`api: ${server!.url} `);
      expect(printed).toContain(`token: ${server!.token}\n`);
      expect(printed).toMatch(/^dashboard: /m);
      expect(printed).not.toMatch(/^warning: /m);
      const health = await fetch(`${server!.url}/health`, {
        headers: { authorization: `Bearer ${server!.token}` },
      });
      expect(await health.json()).toEqual({ status: 'ok' });
    } finally {
      await server?.close();
    }
  });

  it('prints for `run` a dashboard link that opens on the session it serves', async () => {
    let printed = '';
    const server = await serveIfAsked(
      service,
      { serve: true, port: '0' },
      { session: '20260101-120000-abcdef' },
      (text) => (printed += text),
    );
    try {
      expect(printed).toContain(
        `dashboard: ${server!.url}/#token=${server!.token}&session=20260101-120000-abcdef\n`,
      );
    } finally {
      await server?.close();
    }
  });

  it('says plainly when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startServing(service, { port }, () => {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserInputError);
      expect(error).toMatchObject({
        code: 'bad_port',
        message: `127.0.0.1:${port} is in use: pass --port N (0 picks a free port)`,
      });
    } finally {
      blocker.close();
    }
  });
});
