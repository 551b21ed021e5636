import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchRepo } from '../../test/scratch-repo';
import { removeWorktree } from './remove-worktree';
import { sh } from './testing';
import { addWorktree } from './worktrees';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function setup() {
  const repo = scratchRepo();
  const workspace = mkdtempSync(join(tmpdir(), 'orchestrator-ws-'));
  dirs.push(repo, workspace);
  const folder = join(workspace, 's1');
  mkdirSync(folder);
  const base = sh(repo, 'rev-parse', 'HEAD');
  const wt = await addWorktree(repo, folder, 's1', 'claude', base);
  return { repo, workspace, folder, base, wt };
}

const branches = (repo: string) => sh(repo, 'branch', '--list', '--format=%(refname:short)').split('\n');

describe('removeWorktree', () => {
  it('removes its own worktree and keeps the branch unless asked to delete it', async () => {
    const { repo, folder, wt } = await setup();
    expect(await removeWorktree(repo, folder, 's1', wt)).toEqual({
      removedWorktree: true,
      deletedBranch: false,
    });
    expect(existsSync(wt.path)).toBe(false);
    expect(branches(repo)).toContain('orchestrator/s1/claude');
    expect(await removeWorktree(repo, folder, 's1', wt, { deleteBranch: true })).toEqual({
      removedWorktree: false,
      deletedBranch: true,
    });
    expect(branches(repo)).toEqual(['main']);
  });

  it("leaves a worker's uncommitted work in place unless forced", async () => {
    const { repo, folder, wt } = await setup();
    writeFileSync(join(wt.path, 'work.txt'), 'unsaved\n');
    await expect(removeWorktree(repo, folder, 's1', wt, { deleteBranch: true })).rejects.toThrow(
      /modified or untracked/,
    );
    expect(readFileSync(join(wt.path, 'work.txt'), 'utf8')).toBe('unsaved\n');
    expect(branches(repo)).toContain('orchestrator/s1/claude');
    await removeWorktree(repo, folder, 's1', wt, { force: true, deleteBranch: true });
    expect(existsSync(wt.path)).toBe(false);
  });

  it('refuses anything outside the session folder or not on its own branch, deleting nothing', async () => {
    const { repo, workspace, folder, wt } = await setup();
    const cases: Array<[string, string, { path: string; branch: string }, RegExp]> = [
      [folder, 's1', { path: repo, branch: 'orchestrator/s1/claude' }, /not inside/],
      [folder, 's1', { path: join(folder, 'worktrees', 'claude', '..', '..'), branch: 'main' }, /not inside/],
      [folder, 's1', { path: wt.path, branch: 'main' }, /is not orchestrator\/s1\/claude/],
      [folder, 's1', { path: wt.path, branch: 'orchestrator/s2/claude' }, /is not orchestrator\/s1\/claude/],
      [folder, 's2', wt, /not the folder of session s2/],
      [workspace, 's1', wt, /not the folder of session s1/],
    ];
    for (const [sessionFolder, sessionId, target, message] of cases) {
      await expect(
        removeWorktree(repo, sessionFolder, sessionId, target, { force: true, deleteBranch: true }),
      ).rejects.toThrow(message);
    }
    expect(existsSync(join(wt.path, 'README.md'))).toBe(true);
    expect(existsSync(join(repo, 'README.md'))).toBe(true);
    expect(branches(repo)).toEqual(['main', 'orchestrator/s1/claude']);
  });

  it('refuses a folder at its path that git does not list as its worktree', async () => {
    const { repo, folder } = await setup();
    const stray = join(folder, 'worktrees', 'codex');
    mkdirSync(stray);
    writeFileSync(join(stray, 'precious.txt'), 'not ours\n');
    await expect(
      removeWorktree(repo, folder, 's1', { path: stray, branch: 'orchestrator/s1/codex' }, { force: true }),
    ).rejects.toThrow(/does not list it/);
    expect(readFileSync(join(stray, 'precious.txt'), 'utf8')).toBe('not ours\n');
  });

  it('refuses a worktree at its path that is on another branch', async () => {
    const { repo, folder } = await setup();
    const path = join(folder, 'worktrees', 'gemini');
    sh(repo, 'worktree', 'add', '-q', '-b', 'feature', path);
    await expect(
      removeWorktree(
        repo,
        folder,
        's1',
        { path, branch: 'orchestrator/s1/gemini' },
        { force: true, deleteBranch: true },
      ),
    ).rejects.toThrow(/on refs\/heads\/feature/);
    expect(existsSync(join(path, 'README.md'))).toBe(true);
    expect(branches(repo)).toContain('feature');
  });

  it('forgets a worktree whose folder is already gone', async () => {
    const { repo, folder, wt } = await setup();
    rmSync(wt.path, { recursive: true, force: true });
    expect(await removeWorktree(repo, folder, 's1', wt, { deleteBranch: true })).toEqual({
      removedWorktree: true,
      deletedBranch: true,
    });
    expect(sh(repo, 'worktree', 'list').split('\n')).toHaveLength(1);
  });
});
