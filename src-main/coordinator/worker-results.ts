import type { SessionState, WorkerOutcomeSummary } from '../../src-shared/models';
import { snapshotWorktree } from '../workspace/commit-worktree';
import { WorktreeTampered } from '../workspace/git';
import { mergeCheck } from '../workspace/merge-check';
import { worktreeDiff } from '../workspace/worktree-diff';
import { workerCheckout } from './worker-checkout';

/**
 * What each worker's branch amounts to at the end (the seed's summary): its diffstat against the base
 * commit and whether it would merge cleanly into the user's HEAD — a dry run with merge-tree on a snapshot
 * commit, so neither the user's checkout nor the worker's branch moves. A worktree found tampered with gets
 * no figures and is reported through onTampered.
 */
export async function workerResults(
  state: SessionState,
  onTampered: (workerId: string, error: WorktreeTampered) => void = () => undefined,
): Promise<Record<string, WorkerOutcomeSummary>> {
  const out: Record<string, WorkerOutcomeSummary> = {};
  if (!state.baseCommit) return out;
  await Promise.all(
    state.workers
      .filter((w) => w.branch !== null)
      .map(async (worker) => {
        try {
          const checkout = workerCheckout(state.repo, worker);
          const diff = await worktreeDiff(checkout, state.baseCommit!);
          const snapshot = await snapshotWorktree(checkout);
          const merge = await mergeCheck(state.repo, 'HEAD', snapshot);
          out[worker.workerId] = {
            diffstat: {
              files: diff.files.map((f) => ({ path: f.path, added: f.added, deleted: f.deleted })),
              added: diff.files.reduce((n, f) => n + f.added, 0),
              deleted: diff.files.reduce((n, f) => n + f.deleted, 0),
            },
            merge: { clean: merge.clean, conflicts: merge.conflicts },
          };
        } catch (error) {
          if (error instanceof WorktreeTampered) onTampered(worker.workerId, error);
          // A worktree removed or broken by hand: the summary simply has no diffstat for it.
        }
      }),
  );
  return out;
}
