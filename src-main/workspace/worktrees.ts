import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './git';

export interface Worktree {
  path: string;
  branch: string;
}

/** Each worker's own branch, named after the session so parallel sessions never collide. */
export const workerBranch = (sessionId: string, workerId: string): string =>
  `orchestrator/${sessionId}/${workerId}`;

/**
 * A new worktree on a new branch at the session's base commit. The user's checkout is never touched:
 * no checkout, no stash, uncommitted changes stay where they are.
 */
export async function addWorktree(
  repoRoot: string,
  sessionFolder: string,
  sessionId: string,
  workerId: string,
  baseCommit: string,
): Promise<Worktree> {
  const path = join(sessionFolder, 'worktrees', workerId);
  const branch = workerBranch(sessionId, workerId);
  if (existsSync(path)) throw new Error(`worktree path already exists: ${path}`);
  const result = await git(repoRoot, ['worktree', 'add', '--quiet', '-b', branch, path, baseCommit]);
  if (!result.ok) throw new Error(`git worktree add failed: ${result.stderr || result.stdout}`);
  return { path, branch };
}
