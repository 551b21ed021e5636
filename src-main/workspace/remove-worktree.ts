import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { git, resolveCommit } from './git';
import { withRepoLock } from './repo-lock';
import { canonical, listWorktrees, samePath } from './worktree-list';

export interface RemoveWorktreeOptions {
  /** Also discard the worker's uncommitted changes; without it a dirty worktree is left in place. */
  force?: boolean;
  /** Also delete the worker's branch (its commits go with it); kept by default so it can still be merged. */
  deleteBranch?: boolean;
}

export interface RemoveWorktreeResult {
  removedWorktree: boolean;
  deletedBranch: boolean;
}

/**
 * Removes a worktree and, when asked, the branch this session created for a worker — and nothing else.
 * Before touching anything it proves both are this session's own: the path is
 * `<sessionFolder>/worktrees/<workerId>` with the session folder named after the session, the branch is
 * exactly `orchestrator/<sessionId>/<workerId>`, and git lists that path as a worktree on that branch.
 * Anything that does not match is refused with an error, never "cleaned up".
 */
export async function removeWorktree(
  repoRoot: string,
  sessionFolder: string,
  sessionId: string,
  worktree: { path: string; branch: string },
  options: RemoveWorktreeOptions = {},
): Promise<RemoveWorktreeResult> {
  assertOwned(sessionFolder, sessionId, worktree);
  return withRepoLock(repoRoot, async () => {
    const listed = await listWorktrees(repoRoot);
    const entry = listed.find((w) => samePath(w.path, worktree.path));
    const ref = `refs/heads/${worktree.branch}`;
    let removedWorktree = false;
    if (entry) {
      if (entry === listed[0]) throw refusal(worktree.path, 'it is the main checkout of the repository');
      if (entry.branch !== ref) {
        throw refusal(
          worktree.path,
          `git has it on ${entry.branch ?? 'a detached HEAD'}, not ${worktree.branch}`,
        );
      }
      const args = ['worktree', 'remove', ...(options.force ? ['--force'] : []), worktree.path];
      const result = await git(repoRoot, args);
      if (!result.ok) throw new Error(`git worktree remove failed: ${result.stderr}`);
      removedWorktree = true;
    } else if (existsSync(worktree.path)) {
      throw refusal(worktree.path, 'git does not list it as a worktree of this repository');
    }
    let deletedBranch = false;
    if (options.deleteBranch && (await resolveCommit(repoRoot, ref)) !== null) {
      const user = listed.find((w) => w.branch === ref && !samePath(w.path, worktree.path));
      if (user) throw new Error(`not deleting ${worktree.branch}: it is checked out at ${user.path}`);
      const result = await git(repoRoot, ['branch', '-D', '--', worktree.branch]);
      if (!result.ok) throw new Error(`deleting branch ${worktree.branch} failed: ${result.stderr}`);
      deletedBranch = true;
    }
    return { removedWorktree, deletedBranch };
  });
}

/** Throws, saying which one, unless both the path and the branch are this session's for one worker. */
function assertOwned(
  sessionFolder: string,
  sessionId: string,
  worktree: { path: string; branch: string },
): void {
  const folder = resolve(sessionFolder);
  if (sessionId === '' || basename(folder) !== sessionId) {
    throw new Error(`refusing cleanup: ${sessionFolder} is not the folder of session ${sessionId}`);
  }
  const path = resolve(worktree.path);
  const workerId = basename(path);
  const parent = dirname(path);
  if (
    parent !== resolve(folder, 'worktrees') ||
    canonical(parent) !== canonical(resolve(folder, 'worktrees'))
  ) {
    throw refusal(worktree.path, `it is not inside ${resolve(folder, 'worktrees')}`);
  }
  if (worktree.branch !== `orchestrator/${sessionId}/${workerId}`) {
    throw refusal(worktree.path, `branch ${worktree.branch} is not orchestrator/${sessionId}/${workerId}`);
  }
}

const refusal = (path: string, why: string) => new Error(`refusing to remove ${path}: ${why}`);
