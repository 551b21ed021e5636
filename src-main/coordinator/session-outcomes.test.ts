import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionState } from '../../src-shared/models';
import { finishedSessionState } from './testing';
import { scratchRepo } from '../../test/scratch-repo';
import { sh, snapshotCheckout } from '../workspace/testing';
import { addWorktree } from '../workspace/worktrees';
import { mergeSessionWorker, workerWorktreePath } from './merge-worker';
import { sessionOutcomes } from './session-outcomes';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const SESSION = '20260101-120000-fedcba';

/** A session of two workers with worktrees of their own (claude, gemini) and one in place (codex). */
async function session(): Promise<{ state: SessionState; repo: string; wt: Record<string, string> }> {
  const repo = scratchRepo();
  const folder = mkdtempSync(join(tmpdir(), 'orchestrator-session-'));
  dirs.push(repo, folder);
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
      { workerId: 'codex', cwd: repo, branch: null },
      { workerId: 'gemini', cwd: gemini.path, branch: gemini.branch },
    ],
  });
  return { state, repo, wt: { claude: claude.path, gemini: gemini.path } };
}

describe('the review & merge screen’s figures', () => {
  it('weighs each worktree against the user’s HEAD: clean, conflicting, then merged', async () => {
    const { state, repo, wt } = await session();
    writeFileSync(join(wt.claude!, 'CONTRIBUTING.md'), '# Contributing\n\nBe kind.\n');
    writeFileSync(join(wt.gemini!, 'CHANGELOG.md'), '# Changelog\n\n- gemini’s entry\n');
    // The person commits a CHANGELOG of their own meanwhile: gemini's would now conflict with it.
    writeFileSync(join(repo, 'CHANGELOG.md'), '# Changelog\n\n- the user’s entry\n');
    sh(repo, 'add', 'CHANGELOG.md');
    sh(repo, 'commit', '-qm', 'user changelog');
    const before = snapshotCheckout(repo);

    const outcomes = await sessionOutcomes(state);
    expect(outcomes.target).toBe('main');
    expect(outcomes.checkout).toBe('main');
    // The worker in place has no branch: nothing of its own to weigh or merge.
    expect(outcomes.workers.map((w) => w.workerId)).toEqual(['claude', 'gemini']);
    const [claude, gemini] = outcomes.workers;
    expect(claude).toEqual({
      workerId: 'claude',
      diffstat: { files: [{ path: 'CONTRIBUTING.md', added: 3, deleted: 0 }], added: 3, deleted: 0 },
      merge: { clean: true, conflicts: [] },
      merged: false,
    });
    expect(gemini!.merge).toEqual({ clean: false, conflicts: ['CHANGELOG.md'] });
    expect(gemini!.merged).toBe(false);
    // A dry run: the user's checkout, index and refs are as they were.
    expect(snapshotCheckout(repo)).toEqual(before);

    const merged = await mergeSessionWorker(state, 'claude');
    // The user committed since the base: a merge commit, not a fast-forward.
    expect(merged).toMatchObject({ outcome: 'merge-commit', target: 'main', files: ['CONTRIBUTING.md'] });
    const refused = await mergeSessionWorker(state, 'gemini').catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'merge_refused',
      message: `orchestrator/${SESSION}/gemini conflicts with main in CHANGELOG.md; nothing was merged`,
    });

    const after = await sessionOutcomes(state);
    expect(after.workers.find((w) => w.workerId === 'claude')!.merged).toBe(true);
    expect(after.workers.find((w) => w.workerId === 'gemini')!.merged).toBe(false);
  });

  it('says the checkout is on another branch than the one a merge goes into', async () => {
    const { state, repo } = await session();
    sh(repo, 'checkout', '-qb', 'elsewhere');
    const outcomes = await sessionOutcomes(state);
    expect(outcomes).toMatchObject({ target: 'main', checkout: 'elsewhere' });
  });
});

describe('which folder the app may open for a worker', () => {
  it('is the worker’s own worktree while git lists it on the worker’s branch, and nothing else', async () => {
    const { state, wt } = await session();
    expect(await workerWorktreePath(state, 'claude')).toBe(wt.claude);
    await expect(workerWorktreePath(state, 'codex')).rejects.toThrow(/worked in place/);
    await expect(workerWorktreePath(state, 'nobody')).rejects.toThrow(/has no worker nobody/);
    // A session.json edited to point a worker elsewhere opens nothing.
    const elsewhere = mkdtempSync(join(tmpdir(), 'orchestrator-elsewhere-'));
    dirs.push(elsewhere);
    mkdirSync(join(elsewhere, 'inner'));
    const moved = {
      ...state,
      workers: state.workers.map((w) => (w.workerId === 'claude' ? { ...w, cwd: elsewhere } : w)),
    };
    await expect(workerWorktreePath(moved, 'claude')).rejects.toThrow(/no longer a worktree/);
    // A worktree removed by hand is gone, not opened.
    rmSync(wt.gemini!, { recursive: true, force: true });
    await expect(workerWorktreePath(state, 'gemini')).rejects.toThrow(/is gone/);
  });
});
