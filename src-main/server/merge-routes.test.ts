import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OrchestratorConfig } from '../../src-shared/models';
import { finishedSessionState } from '../coordinator/testing';
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
  const state = finishedSessionState({
    sessionId: SESSION,
    repo,
    folder,
    baseCommit: base,
    baseBranch: 'main',
    workers: [
      { workerId: 'claude', cwd: claude.path, branch: claude.branch },
      { workerId: 'gemini', cwd: gemini.path, branch: gemini.branch },
    ],
  });
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
