import { git, gitOrThrow, type GitPlace } from './git';
import { NO_SIGN_NO_HOOKS, ORCHESTRATOR_IDENTITY } from './identity';
import { withTempIndex } from './temp-index';

export interface CommitResult {
  /** False when there was nothing to commit. */
  committed: boolean;
  /** The branch's commit afterwards. */
  commit: string;
  branch: string;
}

/** Only branches the orchestrator made may receive its commits: never the user's own checkout. */
const WORKER_REF = /^refs\/heads\/orchestrator\/[^/]+\/[^/]+$/;

/**
 * Commits everything a worker left uncommitted in its worktree — modified, deleted and new files, not the
 * git-ignored ones — on the worker's own branch, as the orchestrator (agents rarely commit). Meant for a
 * worker that has ended: it stages in the worktree's own index. Refuses any worktree whose HEAD is not an
 * `orchestrator/<session>/<worker>` branch, so it can never commit into the user's checkout.
 */
export async function commitWorktree(worktree: GitPlace, message: string): Promise<CommitResult> {
  const ref = await git(worktree, ['symbolic-ref', '-q', 'HEAD']);
  if (!ref.ok || !WORKER_REF.test(ref.stdout)) {
    throw new Error(
      `refusing to commit in ${typeof worktree === 'string' ? worktree : worktree.worktree}: it is on ${ref.ok ? ref.stdout : 'a detached HEAD'}, not an orchestrator branch`,
    );
  }
  const branch = ref.stdout.slice('refs/heads/'.length);
  await gitOrThrow(worktree, ['add', '-A', '--', '.'], 'staging the worker’s changes');
  const staged = await git(worktree, ['diff', '--cached', '--quiet']);
  if (!staged.ok) {
    await gitOrThrow(
      worktree,
      [...NO_SIGN_NO_HOOKS, 'commit', '--quiet', '--no-verify', '--no-edit', '-m', message],
      'committing the worker’s changes',
      { env: { ...ORCHESTRATOR_IDENTITY } },
    );
  }
  const commit = await gitOrThrow(worktree, ['rev-parse', 'HEAD'], 'reading the commit');
  return { committed: !staged.ok, commit, branch };
}

/**
 * A commit holding the worktree's content as it is now — commits, uncommitted and new files alike — on
 * top of its HEAD, made through a throwaway index and pointed to by no ref: nothing in the worktree or
 * its branch changes. It lets mergeCheck judge a worker's work before (or without) committing it.
 */
export async function snapshotWorktree(worktree: GitPlace): Promise<string> {
  return withTempIndex(async (env) => {
    const run = (args: string[], doing: string) =>
      gitOrThrow(worktree, args, doing, { env: { ...env, ...ORCHESTRATOR_IDENTITY } });
    const head = await run(['rev-parse', 'HEAD'], 'reading HEAD');
    await run(['read-tree', 'HEAD'], 'reading HEAD into a scratch index');
    await run(['add', '-A', '--', '.'], 'staging a snapshot');
    const tree = await run(['write-tree'], 'writing the snapshot tree');
    if (tree === (await run(['rev-parse', 'HEAD^{tree}'], 'reading HEAD’s tree'))) return head;
    return run(
      ['commit-tree', '--no-gpg-sign', tree, '-p', head, '-m', 'orchestrator: snapshot of uncommitted work'],
      'writing the snapshot commit',
    );
  });
}
