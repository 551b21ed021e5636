import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchRepo } from '../../test/scratch-repo';
import { commitWorktree, snapshotWorktree } from './commit-worktree';
import { mergeCheck } from './merge-check';
import { MergeRefused, mergeIntoUserBranch } from './merge-into-branch';
import { removeWorktree } from './remove-worktree';
import { sh, shFails, snapshotCheckout } from './testing';
import { worktreeDiff } from './worktree-diff';
import { addWorktree } from './worktrees';

/**
 * The git-safety cases of Vibe Kanban's git_ops_safety tests, ported to this workspace layer: whatever a
 * session does — worktrees, diffs, snapshots, merge checks, commits, cleanup, refused merges — the user's
 * own checkout (HEAD, refs, index bytes, status, every file) stays exactly as the user left it.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function userRepo() {
  const repo = scratchRepo();
  const workspace = mkdtempSync(join(tmpdir(), 'orchestrator-ws-'));
  dirs.push(repo, workspace);
  writeFileSync(join(repo, '.gitignore'), '.env\nbuild/\n');
  writeFileSync(join(repo, 'common.txt'), 'base\n');
  writeFileSync(join(repo, 'gone.txt'), 'to be deleted by the user\n');
  sh(repo, 'add', '.');
  sh(repo, 'commit', '-qm', 'base');
  const folder = join(workspace, 'sess');
  mkdirSync(folder);
  return { repo, folder, base: sh(repo, 'rev-parse', 'HEAD') };
}

/** Modified, staged, deleted, untracked and ignored: every kind of work in progress at once. */
function makeDirty(repo: string): void {
  writeFileSync(join(repo, 'common.txt'), 'edited locally, not staged\n');
  writeFileSync(join(repo, 'README.md'), '# staged edit\n');
  sh(repo, 'add', 'README.md');
  writeFileSync(join(repo, 'README.md'), '# staged edit, then edited again\n');
  rmSync(join(repo, 'gone.txt'));
  mkdirSync(join(repo, 'scratch'));
  writeFileSync(join(repo, 'scratch', 'untracked.txt'), 'temporary note\n');
  writeFileSync(join(repo, '.env'), 'SECRET=1\n');
  mkdirSync(join(repo, 'build'));
  writeFileSync(join(repo, 'build', 'out.bin'), Buffer.from([0, 1, 2]));
}

/** A whole session on one worker, end to end, without merging. */
async function sessionCycle(repo: string, folder: string, base: string) {
  const wt = await addWorktree(repo, folder, 'sess', 'claude', base, { copy: ['.env'] });
  writeFileSync(join(wt.path, 'common.txt'), 'worker edit\n');
  writeFileSync(join(wt.path, 'feature.txt'), 'new file\n');
  const diff = await worktreeDiff(wt.path, base);
  const check = await mergeCheck(repo, 'HEAD', await snapshotWorktree(wt.path));
  await commitWorktree(wt.path, 'worker');
  const branchCheck = await mergeCheck(repo, 'HEAD', wt.branch);
  await removeWorktree(repo, folder, 'sess', wt, { force: true, deleteBranch: true });
  return { wt, diff, check, branchCheck };
}

async function refused(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MergeRefused);
  return (error as Error).message;
}

describe("git safety of the user's checkout", () => {
  it('keeps untracked and ignored files through a whole session', async () => {
    const { repo, folder, base } = userRepo();
    mkdirSync(join(repo, 'scratch'));
    writeFileSync(join(repo, 'scratch', 'untracked.txt'), 'temporary note\n');
    writeFileSync(join(repo, '.env'), 'SECRET=1\n');
    const before = snapshotCheckout(repo);
    const { diff, check } = await sessionCycle(repo, folder, base);
    expect(diff.files.map((f) => f.path)).toEqual(['common.txt', 'feature.txt']);
    expect(check.clean).toBe(true);
    expect(readFileSync(join(repo, 'scratch', 'untracked.txt'), 'utf8')).toBe('temporary note\n');
    expect(snapshotCheckout(repo)).toEqual(before);
  });

  it('leaves a dirty base byte-identical: status, index, HEAD, refs and every file', async () => {
    const { repo, folder, base } = userRepo();
    makeDirty(repo);
    const before = snapshotCheckout(repo);
    expect(before.status).toContain('.M N... 100644 100644 100644');
    expect(before.status).toContain('MM N...');
    const { branchCheck } = await sessionCycle(repo, folder, base);
    expect(branchCheck.clean).toBe(true);
    expect(snapshotCheckout(repo)).toEqual(before);
  });

  it('never moves the base ref on a conflicting merge, content or delete/modify', async () => {
    const { repo, folder, base } = userRepo();
    const wt = await addWorktree(repo, folder, 'sess', 'claude', base);
    writeFileSync(join(wt.path, 'common.txt'), 'feature change\n');
    rmSync(join(wt.path, 'gone.txt'));
    await commitWorktree(wt.path, 'worker');
    writeFileSync(join(repo, 'common.txt'), 'main change\n');
    writeFileSync(join(repo, 'gone.txt'), 'modified on main\n');
    sh(repo, 'commit', '-qam', 'main change');
    makeDirty(repo);
    const before = snapshotCheckout(repo);
    expect(await refused(mergeIntoUserBranch(repo, wt.branch))).toMatch(
      /conflicts with main in common\.txt, gone\.txt/,
    );
    expect(snapshotCheckout(repo)).toEqual(before);
  });

  it("never overwrites an untracked or ignored file of the user's checkout", async () => {
    const { repo, folder, base } = userRepo();
    const wt = await addWorktree(repo, folder, 'sess', 'claude', base);
    writeFileSync(join(wt.path, 'danger.txt'), 'tracked from the worker\n');
    mkdirSync(join(wt.path, 'build'));
    writeFileSync(join(wt.path, 'build', 'out.bin'), 'force-added by the agent\n');
    sh(wt.path, 'add', '-f', 'build/out.bin');
    await commitWorktree(wt.path, 'worker');
    writeFileSync(join(repo, 'danger.txt'), 'my untracked data\n');
    mkdirSync(join(repo, 'build'));
    writeFileSync(join(repo, 'build', 'out.bin'), 'my ignored build output\n');
    const before = snapshotCheckout(repo);
    expect(await refused(mergeIntoUserBranch(repo, wt.branch))).toMatch(
      /would change: build\/out\.bin, danger\.txt/,
    );
    expect(snapshotCheckout(repo)).toEqual(before);
    expect(readFileSync(join(repo, 'danger.txt'), 'utf8')).toBe('my untracked data\n');
    expect(readFileSync(join(repo, 'build', 'out.bin'), 'utf8')).toBe('my ignored build output\n');
  });

  it('never aborts, continues or builds on a rebase it did not start', async () => {
    const { repo, folder, base } = userRepo();
    const wt = await addWorktree(repo, folder, 'sess', 'claude', base);
    writeFileSync(join(wt.path, 'feature.txt'), 'worker\n');
    await commitWorktree(wt.path, 'worker');
    sh(repo, 'checkout', '-q', '-b', 'topic');
    writeFileSync(join(repo, 'common.txt'), 'topic version\n');
    sh(repo, 'commit', '-qam', 'topic');
    sh(repo, 'checkout', '-q', 'main');
    writeFileSync(join(repo, 'common.txt'), 'main version\n');
    sh(repo, 'commit', '-qam', 'main');
    sh(repo, 'checkout', '-q', 'topic');
    shFails(repo, 'rebase', 'main');
    const before = snapshotCheckout(repo);
    expect(before.gitState).toContain('rebase-merge');

    expect(await refused(mergeIntoUserBranch(repo, wt.branch))).toMatch(/in the middle of a rebase/);
    expect(await refused(mergeIntoUserBranch(repo, wt.branch, { expectedBranch: 'topic' }))).toMatch(
      /rebase/,
    );
    // A dry run is still fine: it reads, and writes only objects.
    expect((await mergeCheck(repo, 'main', wt.branch)).clean).toBe(true);
    expect(snapshotCheckout(repo)).toEqual(before);
  });

  it('never finishes or aborts a merge it did not start', async () => {
    const { repo, folder, base } = userRepo();
    const wt = await addWorktree(repo, folder, 'sess', 'claude', base);
    writeFileSync(join(wt.path, 'feature.txt'), 'worker\n');
    await commitWorktree(wt.path, 'worker');
    sh(repo, 'checkout', '-q', '-b', 'topic');
    writeFileSync(join(repo, 'common.txt'), 'topic version\n');
    sh(repo, 'commit', '-qam', 'topic');
    sh(repo, 'checkout', '-q', 'main');
    writeFileSync(join(repo, 'common.txt'), 'main version\n');
    sh(repo, 'commit', '-qam', 'main');
    shFails(repo, 'merge', 'topic');
    const before = snapshotCheckout(repo);
    expect(before.gitState).toContain('MERGE_HEAD');
    expect(await refused(mergeIntoUserBranch(repo, wt.branch))).toMatch(/in the middle of a merge/);
    expect(snapshotCheckout(repo)).toEqual(before);
  });

  it("keeps a worker's own uncommitted state through diff, snapshot and merge check", async () => {
    const { repo, folder, base } = userRepo();
    const wt = await addWorktree(repo, folder, 'sess', 'claude', base);
    writeFileSync(join(wt.path, 'feature.txt'), 'committed by the agent\n');
    sh(wt.path, 'add', 'feature.txt');
    sh(wt.path, 'commit', '-qm', 'agent commit');
    writeFileSync(join(wt.path, 'staged.txt'), 'staged by the agent\n');
    sh(wt.path, 'add', 'staged.txt');
    writeFileSync(join(wt.path, 'dirty.txt'), 'keep me\n');
    const before = snapshotCheckout(wt.path);
    await worktreeDiff(wt.path, base);
    await mergeCheck(repo, 'HEAD', await snapshotWorktree(wt.path));
    expect(snapshotCheckout(wt.path)).toEqual(before);
  });
});
