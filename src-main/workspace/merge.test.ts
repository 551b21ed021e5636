import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchRepo } from '../../test/scratch-repo';
import { commitWorktree, snapshotWorktree } from './commit-worktree';
import { mergeCheck } from './merge-check';
import { MergeRefused, mergeIntoUserBranch } from './merge-into-branch';
import { sh, snapshotCheckout } from './testing';
import { addWorktree } from './worktrees';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A user's repository with a second file, and one worker's worktree from its HEAD. */
async function setup() {
  const repo = scratchRepo();
  const workspace = mkdtempSync(join(tmpdir(), 'orchestrator-ws-'));
  dirs.push(repo, workspace);
  writeFileSync(join(repo, 'src.txt'), 'one\ntwo\nthree\n');
  sh(repo, 'add', 'src.txt');
  sh(repo, 'commit', '-qm', 'src');
  const folder = join(workspace, 's1');
  mkdirSync(folder);
  const base = sh(repo, 'rev-parse', 'HEAD');
  const wt = await addWorktree(repo, folder, 's1', 'claude', base);
  return { repo, folder, base, wt };
}

async function refusal(promise: Promise<unknown>): Promise<MergeRefused> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MergeRefused);
  return error as MergeRefused;
}

describe('commitWorktree', () => {
  it("commits a worker's changes on its branch as the orchestrator, leaving ignored files out", async () => {
    const { wt, base } = await setup();
    writeFileSync(join(wt.path, 'src.txt'), 'one\nTWO\nthree\n');
    writeFileSync(join(wt.path, 'new.txt'), 'new\n');
    rmSync(join(wt.path, 'README.md'));
    const result = await commitWorktree(wt.path, 'claude: the change');
    expect(result.committed).toBe(true);
    expect(result.branch).toBe('orchestrator/s1/claude');
    expect(sh(wt.path, 'rev-parse', 'HEAD^')).toBe(base);
    expect(sh(wt.path, 'log', '-1', '--format=%an <%ae>|%cn|%s')).toBe(
      'Orchestrator <orchestrator@orchestrator.invalid>|Orchestrator|claude: the change',
    );
    expect(sh(wt.path, 'show', '--name-status', '--format=', 'HEAD').split('\n').sort()).toEqual(
      ['D\tREADME.md', 'A\tnew.txt', 'M\tsrc.txt'].sort(),
    );
    expect(sh(wt.path, 'status', '--porcelain')).toBe('');
    const again = await commitWorktree(wt.path, 'nothing');
    expect(again).toEqual({ committed: false, commit: result.commit, branch: 'orchestrator/s1/claude' });
  });

  it("refuses to commit in the user's own checkout", async () => {
    const { repo } = await setup();
    writeFileSync(join(repo, 'src.txt'), 'user work\n');
    await expect(commitWorktree(repo, 'x')).rejects.toThrow(/not an orchestrator branch/);
    expect(sh(repo, 'status', '--porcelain')).toBe(' M src.txt');
  });
});

describe('snapshotWorktree', () => {
  it('captures uncommitted work in a commit no ref points to', async () => {
    const { wt, base } = await setup();
    expect(await snapshotWorktree(wt.path)).toBe(base);
    writeFileSync(join(wt.path, 'new.txt'), 'new\n');
    const snap = await snapshotWorktree(wt.path);
    expect(snap).not.toBe(base);
    expect(sh(wt.path, 'show', `${snap}:new.txt`)).toBe('new');
    expect(sh(wt.path, 'rev-parse', 'HEAD')).toBe(base);
    expect(sh(wt.path, 'status', '--porcelain')).toBe('?? new.txt');
  });
});

describe('mergeCheck', () => {
  it('reports a clean merge and a conflicting one by file, touching nothing', async () => {
    const { repo, wt } = await setup();
    writeFileSync(join(wt.path, 'src.txt'), 'one\nTWO\nthree\n');
    await commitWorktree(wt.path, 'worker edit');
    writeFileSync(join(repo, 'notes.txt'), 'dirty\n');
    const before = snapshotCheckout(repo);
    expect(await mergeCheck(repo, 'HEAD', wt.branch)).toMatchObject({ clean: true, conflicts: [] });

    writeFileSync(join(repo, 'src.txt'), 'one\nzwei\nthree\n');
    sh(repo, 'commit', '-qam', 'user edit');
    writeFileSync(join(repo, 'README.md'), 'dirty too\n');
    const moved = snapshotCheckout(repo);
    const check = await mergeCheck(repo, 'main', wt.branch);
    expect(check).toMatchObject({ clean: false, conflicts: ['src.txt'] });
    expect(snapshotCheckout(repo)).toEqual(moved);
    expect(before.head).not.toBe(moved.head);
  });

  it('judges uncommitted worker changes through a snapshot', async () => {
    const { repo, wt } = await setup();
    writeFileSync(join(wt.path, 'src.txt'), 'one\nTWO\nthree\n');
    writeFileSync(join(repo, 'src.txt'), 'one\nzwei\nthree\n');
    sh(repo, 'commit', '-qam', 'user edit');
    expect(await mergeCheck(repo, 'HEAD', wt.branch)).toMatchObject({ clean: true });
    expect(await mergeCheck(repo, 'HEAD', await snapshotWorktree(wt.path))).toMatchObject({
      clean: false,
      conflicts: ['src.txt'],
    });
  });

  it('throws for a name that is not a commit', async () => {
    const { repo } = await setup();
    await expect(mergeCheck(repo, 'HEAD', 'no-such-branch')).rejects.toThrow(/not a commit/);
  });
});

describe('mergeIntoUserBranch', () => {
  it("fast-forwards the user's branch, carrying unrelated uncommitted and staged changes over", async () => {
    const { repo, base, wt } = await setup();
    writeFileSync(join(wt.path, 'src.txt'), 'one\nTWO\nthree\n');
    writeFileSync(join(wt.path, 'added.txt'), 'added\n');
    const { commit } = await commitWorktree(wt.path, 'worker');
    writeFileSync(join(repo, 'README.md'), '# user edit, unstaged\n');
    writeFileSync(join(repo, 'staged.txt'), 'staged\n');
    sh(repo, 'add', 'staged.txt');
    writeFileSync(join(repo, 'scratch.txt'), 'untracked\n');

    const result = await mergeIntoUserBranch(repo, wt.branch, { baseCommit: base, expectedBranch: 'main' });
    expect(result).toEqual({
      outcome: 'fast-forward',
      target: 'main',
      previous: base,
      commit,
      files: ['added.txt', 'src.txt'],
    });
    expect(sh(repo, 'rev-parse', 'main')).toBe(commit);
    expect(readFileSync(join(repo, 'src.txt'), 'utf8')).toBe('one\nTWO\nthree\n');
    expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# user edit, unstaged\n');
    expect(sh(repo, 'status', '--porcelain').split('\n').sort()).toEqual([
      ' M README.md',
      '?? scratch.txt',
      'A  staged.txt',
    ]);
    expect(sh(repo, 'reflog', '-1', '--format=%gs', 'main')).toBe(`orchestrator: merge ${wt.branch}`);
  });

  it('makes a merge commit when the user has committed meanwhile', async () => {
    const { repo, wt } = await setup();
    writeFileSync(join(wt.path, 'src.txt'), 'one\nTWO\nthree\n');
    await commitWorktree(wt.path, 'worker');
    writeFileSync(join(repo, 'user.txt'), 'user\n');
    sh(repo, 'add', 'user.txt');
    sh(repo, 'commit', '-qm', 'user commit');
    const head = sh(repo, 'rev-parse', 'HEAD');
    const result = await mergeIntoUserBranch(repo, wt.branch, { message: 'Merge the worker' });
    expect(result.outcome).toBe('merge-commit');
    expect(result.files).toEqual(['src.txt']);
    expect(sh(repo, 'rev-parse', 'HEAD^1')).toBe(head);
    expect(sh(repo, 'rev-parse', 'HEAD^2')).toBe(sh(repo, 'rev-parse', wt.branch));
    expect(sh(repo, 'log', '-1', '--format=%s|%an')).toBe('Merge the worker|Orchestrator');
    expect(sh(repo, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(repo, 'src.txt'), 'utf8')).toBe('one\nTWO\nthree\n');
  });

  it('refuses a conflicting branch, naming the file, with HEAD, index and files unchanged', async () => {
    const { repo, wt } = await setup();
    writeFileSync(join(wt.path, 'src.txt'), 'one\nTWO\nthree\n');
    await commitWorktree(wt.path, 'worker');
    writeFileSync(join(repo, 'src.txt'), 'one\nzwei\nthree\n');
    sh(repo, 'commit', '-qam', 'user edit');
    writeFileSync(join(repo, 'README.md'), '# dirty\n');
    const before = snapshotCheckout(repo);
    const error = await refusal(mergeIntoUserBranch(repo, wt.branch));
    expect(error.message).toMatch(/conflicts with main in src\.txt/);
    expect(error.conflicts).toEqual(['src.txt']);
    expect(snapshotCheckout(repo)).toEqual(before);
  });

  it('refuses when a file the merge changes has uncommitted changes or is in the way', async () => {
    const { repo, wt } = await setup();
    writeFileSync(join(wt.path, 'src.txt'), 'one\nTWO\nthree\n');
    writeFileSync(join(wt.path, 'added.txt'), 'worker\n');
    await commitWorktree(wt.path, 'worker');

    writeFileSync(join(repo, 'src.txt'), 'one\ntwo\nthree\nfour\n');
    let before = snapshotCheckout(repo);
    expect((await refusal(mergeIntoUserBranch(repo, wt.branch))).message).toMatch(/would change: src\.txt/);
    expect(snapshotCheckout(repo)).toEqual(before);

    sh(repo, 'checkout', '-q', '--', 'src.txt');
    writeFileSync(join(repo, 'added.txt'), 'the user made this\n');
    before = snapshotCheckout(repo);
    expect((await refusal(mergeIntoUserBranch(repo, wt.branch))).message).toMatch(/would change: added\.txt/);
    expect(snapshotCheckout(repo)).toEqual(before);

    rmSync(join(repo, 'added.txt'));
    writeFileSync(join(repo, 'src.txt'), 'one\nTWO\nthree\n');
    sh(repo, 'add', 'src.txt');
    before = snapshotCheckout(repo);
    expect((await refusal(mergeIntoUserBranch(repo, wt.branch))).message).toMatch(/would change: src\.txt/);
    expect(snapshotCheckout(repo)).toEqual(before);
  });

  it('refuses another branch, a detached HEAD, a branch without the base, and a missing branch', async () => {
    const { repo, base, wt } = await setup();
    writeFileSync(join(wt.path, 'added.txt'), 'worker\n');
    await commitWorktree(wt.path, 'worker');

    sh(repo, 'checkout', '-q', '-b', 'other');
    let before = snapshotCheckout(repo);
    expect((await refusal(mergeIntoUserBranch(repo, wt.branch, { expectedBranch: 'main' }))).message).toMatch(
      /is on other, but the session started from main/,
    );
    expect(snapshotCheckout(repo)).toEqual(before);

    sh(repo, 'checkout', '-q', '--detach', 'main');
    before = snapshotCheckout(repo);
    expect((await refusal(mergeIntoUserBranch(repo, wt.branch))).message).toMatch(/detached HEAD/);
    expect(snapshotCheckout(repo)).toEqual(before);

    sh(repo, 'checkout', '-q', '--orphan', 'fresh');
    sh(repo, 'commit', '-qm', 'unrelated root');
    before = snapshotCheckout(repo);
    expect((await refusal(mergeIntoUserBranch(repo, wt.branch, { baseCommit: base }))).message).toMatch(
      /no longer contains the session's base commit/,
    );
    expect((await refusal(mergeIntoUserBranch(repo, 'orchestrator/s1/nobody'))).message).toMatch(/no branch/);
    expect(snapshotCheckout(repo)).toEqual(before);
    expect(existsSync(join(repo, 'added.txt'))).toBe(false);
  });

  it('does nothing when the branch is already merged', async () => {
    const { repo, base, wt } = await setup();
    const before = snapshotCheckout(repo);
    expect(await mergeIntoUserBranch(repo, wt.branch)).toEqual({
      outcome: 'up-to-date',
      target: 'main',
      previous: base,
      commit: base,
      files: [],
    });
    expect(snapshotCheckout(repo)).toEqual(before);
  });
});
