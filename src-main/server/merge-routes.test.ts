import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OrchestratorConfig, type SessionState } from '../../src-shared/models';
import { newWorkerState } from '../../src-shared/state/reduce-session';
import { scratchRepo } from '../../test/scratch-repo';
import { SessionService } from '../coordinator/session-service';
import { sh } from '../workspace/testing';
import { addWorktree } from '../workspace/worktrees';
import { createApiApp } from './create-app';

const TOKEN = 'm'.repeat(43);
const HOST = '127.0.0.1:4322';
const SESSION = '20261201-090000-cafe01';
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A completed session stored on disk: claude and gemini each in a worktree with uncommitted work. */
async function stored() {
  const repo = scratchRepo();
  const workspace = mkdtempSync(join(tmpdir(), 'orchestrator-merge-api-'));
  temp.push(repo, workspace);
  const folder = join(workspace, SESSION);
  mkdirSync(folder);
  const base = sh(repo, 'rev-parse', 'HEAD');
  const claude = await addWorktree(repo, folder, SESSION, 'claude', base);
  const gemini = await addWorktree(repo, folder, SESSION, 'gemini', base);
  const worker = (id: string, wt: { path: string; branch: string }) => ({
    ...newWorkerState(id, id, wt.path, true),
    status: 'completed' as const,
    branch: wt.branch,
  });
  const state: SessionState = {
    sessionId: SESSION,
    task: 'add a CONTRIBUTING file',
    repo,
    folder,
    status: 'completed',
    demo: true,
    baseCommit: base,
    baseBranch: 'main',
    startedAt: '2026-12-01T09:00:00.000Z',
    endedAt: '2026-12-01T09:05:00.000Z',
    workers: [worker('claude', claude), worker('gemini', gemini)],
  };
  writeFileSync(join(folder, 'session.json'), JSON.stringify(state));
  writeFileSync(join(folder, 'events.jsonl'), '');
  writeFileSync(join(claude.path, 'CONTRIBUTING.md'), '# Contributing\n');
  writeFileSync(join(gemini.path, 'CHANGELOG.md'), '# Changelog\n\n- gemini\n');
  const service = new SessionService({ workspace, config: OrchestratorConfig.parse({}) });
  const { app } = createApiApp({
    service,
    token: TOKEN,
    bindHost: '127.0.0.1',
    port: () => 4322,
    dashboard: null,
  });
  const call = (path: string, method = 'GET') =>
    app.request(`http://${HOST}${path}`, {
      method,
      headers: { host: HOST, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
  return { repo, call };
}

describe('review & merge over HTTP (the dashboard)', () => {
  it('answers each worker’s figures, merges a clean one and refuses a conflict with 409 and why', async () => {
    const { repo, call } = await stored();
    const outcomes = await call(`/api/outcomes?session=${SESSION}`);
    expect(outcomes.status).toBe(200);
    expect(await outcomes.json()).toMatchObject({
      target: 'main',
      checkout: 'main',
      workers: [
        { workerId: 'claude', merge: { clean: true }, merged: false },
        { workerId: 'gemini', merge: { clean: true }, merged: false },
      ],
    });

    const merged = await call(`/api/workers/claude/merge?session=${SESSION}`, 'POST');
    expect(merged.status).toBe(200);
    expect(await merged.json()).toMatchObject({
      outcome: 'fast-forward',
      target: 'main',
      files: ['CONTRIBUTING.md'],
    });
    expect(readFileSync(join(repo, 'CONTRIBUTING.md'), 'utf8')).toBe('# Contributing\n');

    // The person commits a CHANGELOG of their own: gemini's now conflicts, and nothing moves.
    writeFileSync(join(repo, 'CHANGELOG.md'), '# Changelog\n\n- mine\n');
    sh(repo, 'add', 'CHANGELOG.md');
    sh(repo, 'commit', '-qm', 'mine');
    const head = sh(repo, 'rev-parse', 'HEAD');
    const refused = await call(`/api/workers/gemini/merge?session=${SESSION}`, 'POST');
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      error: {
        code: 'merge_refused',
        message: `orchestrator/${SESSION}/gemini conflicts with main in CHANGELOG.md; nothing was merged`,
      },
    });
    expect(sh(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect((await call(`/api/workers/nobody/merge?session=${SESSION}`, 'POST')).status).toBe(404);
  });
});
