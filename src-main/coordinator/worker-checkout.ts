import type { GitPlace } from '../workspace/git';

/**
 * Where git runs for a worker: its own worktree through the repository's records when it has a branch of
 * its own, else the person's repository (the worker ran in place, with worktrees off).
 */
export function workerCheckout(repo: string, worker: { cwd: string; branch: string | null }): GitPlace {
  return worker.branch === null ? repo : { repo, worktree: worker.cwd };
}
