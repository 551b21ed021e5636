import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogPage, LogSearch, RawLogPage, RawLogSearch } from '../../src-shared/ipc/contract';
import { OrchestratorConfig } from '../../src-shared/models';
import { SessionService } from '../coordinator/session-service';
import { createApiApp } from './create-app';
import { writeStoredSession, type StoredFixture } from './testing/stored-session';

const TOKEN = 'k'.repeat(43);
const HOST = '127.0.0.1:4321';
let workspace: string;
let stored: StoredFixture;
let app: ReturnType<typeof createApiApp>['app'];

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'orchestrator-log-api-'));
  stored = writeStoredSession(workspace, '20261125-100000-aaaaaa');
  const raw = join(stored.folder, 'workers', 'claude');
  mkdirSync(raw, { recursive: true });
  // CRLF endings and a last line without its newline, as a crash can leave it.
  writeFileSync(join(raw, 'raw.jsonl'), 'first\r\n{"type":"ERROR here"}\nthird\r\nerror, torn');
  const service = new SessionService({ workspace, config: OrchestratorConfig.parse({}) });
  app = createApiApp({ service, token: TOKEN, bindHost: '127.0.0.1', port: () => 4321, dashboard: null }).app;
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const get = (path: string) =>
  app.request(`http://${HOST}${path}`, { headers: { host: HOST, authorization: `Bearer ${TOKEN}` } });

describe('the log endpoints', () => {
  it('pages and searches a worker’s raw output', async () => {
    const q = `session=${stored.sessionId}`;
    const page = RawLogPage.parse(await (await get(`/api/workers/claude/raw?${q}&from=2&count=5`)).json());
    expect(page).toEqual({ from: 2, lines: ['{"type":"ERROR here"}', 'third', 'error, torn'], total: 4 });
    const found = RawLogSearch.parse(await (await get(`/api/workers/claude/raw/search?${q}&q=error`)).json());
    expect(found).toEqual({ lines: [2, 4], total: 2, searched: 4 });
    const later = RawLogSearch.parse(
      await (await get(`/api/workers/claude/raw/search?${q}&q=error&from=3&limit=1`)).json(),
    );
    expect(later.lines).toEqual([4]);
    expect((await get(`/api/workers/claude/raw/search?${q}`)).status).toBe(400);
  });

  it('pages a worker’s events or the session’s own, all or of one type, and searches them', async () => {
    const q = `session=${stored.sessionId}`;
    const own = stored.events.filter((e) => e.workerId === undefined);
    const session = LogPage.parse(await (await get(`/api/log?${q}&from=2&count=2`)).json());
    expect(session).toEqual({ from: 2, events: own.slice(1, 3), total: own.length });
    const claude = stored.events.filter((e) => e.workerId === 'claude');
    const milestones = LogPage.parse(await (await get(`/api/log?${q}&worker=claude&type=MILESTONE`)).json());
    expect(milestones.events).toEqual(claude.filter((e) => e.type === 'MILESTONE'));
    const found = LogSearch.parse(await (await get(`/api/log/search?${q}&worker=codex&q=429`)).json());
    const codex = stored.events.filter((e) => e.workerId === 'codex');
    expect(found).toEqual({
      places: [codex.findIndex((e) => e.type === 'recovery_action') + 1],
      total: 1,
      searched: codex.length,
    });
    expect((await get(`/api/log?${q}&type=nonsense`)).status).toBe(400);
    expect((await get(`/api/log?session=nope`)).status).toBe(404);
  });
});
