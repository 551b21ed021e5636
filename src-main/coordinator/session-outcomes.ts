import type { SessionState } from '../../src-shared/models';
import type { SessionOutcomes } from '../../src-shared/ipc/contract';
import { snapshotWorktree } from '../workspace/commit-worktree';
import { currentBranch, git } from '../workspace/git';
import { workerCheckout } from './worker-checkout';
import { workerResults } from './worker-results';

/**
 * Each worker's work as it stands now, for the review & merge screen — while the session runs as well as
 * after: the same diffstat and dry-run merge as summary.json (workerResults), plus whether all of it is
 * already in the user's HEAD. Nothing in the user's checkout, index or refs changes.
 */
export async function sessionOutcomes(state: SessionState): Promise<SessionOutcomes> {
  const target = state.baseBranch ? state.baseBranch : null;
  if (!state.baseCommit) return { target, checkout: null, workers: [] };
  const [results, checkout] = await Promise.all([
    workerResults(state),
    currentBranch(state.repo).catch(() => null),
  ]);
  const workers = await Promise.all(
    state.workers
      .filter((w) => results[w.workerId] !== undefined)
      .map(async (worker) => {
        const result = results[worker.workerId]!;
        return { workerId: worker.workerId, ...result, merged: await inHead(state.repo, worker) };
      }),
  );
  return { target, checkout, workers };
}

/** The worktree's content (committed or not) is contained in the user's HEAD. */
async function inHead(repo: string, worker: SessionState['workers'][number]): Promise<boolean> {
  try {
    const snapshot = await snapshotWorktree(workerCheckout(repo, worker));
    return (await git(repo, ['merge-base', '--is-ancestor', snapshot, 'HEAD'])).ok;
  } catch {
    return false;
  }
}
