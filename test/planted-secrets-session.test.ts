import { execa } from 'execa';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OrchestratorConfig } from '../src-shared/models';
import { SessionService } from '../src-main/coordinator/session-service';
import { createApiApp } from '../src-main/server';
import { survivors } from './fuzz/planted-secrets';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';
import { writeKeyPrinterConfig } from './key-printer-config';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const { tempDir, temp } = tempDirs();
/** Every file of a session folder but the worktrees (the project's own files, checked out). */
function sessionFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => relative(folder, path).split('/')[0] !== 'worktrees');
}

describe('a session whose agents print every planted key, in the three formats', () => {
  let ws: string;
  let folder: string;
  let sessionId: string;
  let run: { exitCode?: number; stdout: string; stderr: string };

  beforeAll(async () => {
    ws = tempDir('orchestrator-ws-');
    const repo = scratchRepo();
    temp.push(repo);
    const config = writeKeyPrinterConfig(tempDir, ws);
    const args = [
      'run',
      'look around',
      '--repo',
      repo,
      '--agents',
      'c,x,g',
      '--plan',
      'template',
      '--no-review',
    ];
    run = await execa(tsx, [entry, ...args, '--config', config, '--workspace', ws, '--json'], {
      cwd: root,
      reject: false,
      stdin: 'ignore',
    });
    const [id] = readdirSync(ws).filter((name) => name !== 'config.json');
    sessionId = id!;
    folder = join(ws, sessionId);
  }, 120_000);

  it('the agents ran and printed the keys (their raw logs carry the masks)', () => {
    expect(run.exitCode, run.stderr).toBe(0);
    for (const worker of ['c', 'x', 'g']) {
      expect(readFileSync(join(folder, 'workers', worker, 'raw.jsonl'), 'utf8')).toContain('[REDACTED]');
    }
  });

  it('no file of the session folder holds any of them, decoded or not', () => {
    const files = sessionFiles(folder);
    expect(files.length).toBeGreaterThan(6);
    for (const file of files) {
      expect(survivors(readFileSync(file, 'utf8')), relative(folder, file)).toEqual([]);
    }
  });

  it('--json output and the readable stderr hold none of them', () => {
    expect(run.stdout.split('\n').length).toBeGreaterThan(20);
    expect(survivors(run.stdout)).toEqual([]);
    expect(survivors(run.stderr)).toEqual([]);
  });

  it('no HTTP response about the session holds any of them', async () => {
    const token = 'k'.repeat(43);
    const host = '127.0.0.1:4321';
    const service = new SessionService({ workspace: ws, config: OrchestratorConfig.parse({}) });
    const { app } = createApiApp({
      service,
      token,
      bindHost: '127.0.0.1',
      port: () => 4321,
      dashboard: null,
    });
    const q = `session=${sessionId}`;
    const paths = [
      `/api/session?${q}`,
      `/api/workers?${q}`,
      `/api/summary?${q}`,
      `/api/decisions?${q}`,
      `/api/recovery?${q}`,
      `/api/log?${q}&from=1&count=1000`,
      ...['c', 'x', 'g'].flatMap((w) => [
        `/api/log?${q}&worker=${w}&from=1&count=1000`,
        `/api/workers/${w}/raw?${q}&from=1&count=1000`,
      ]),
    ];
    for (const path of paths) {
      const response = await app.request(`http://${host}${path}`, {
        headers: { host, authorization: `Bearer ${token}` },
      });
      expect(response.status, path).toBe(200);
      const body = await response.text();
      expect(survivors(body), path).toEqual([]);
    }
  });
});
