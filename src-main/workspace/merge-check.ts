import { git, resolveCommit } from './git';

export interface MergeCheck {
  clean: boolean;
  /** Files the merge would leave in conflict, repository-relative, each once. */
  conflicts: string[];
  /** The merged tree git wrote (conflict markers included when not clean); objects only, no ref points at it. */
  tree: string | null;
}

const OBJECT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * Whether `branchOrCommit` merges cleanly into `baseRef`, as a dry run: `git merge-tree --write-tree`
 * (git 2.38+) merges in memory and writes only objects, so the user's checkout, index and refs are not
 * touched. Pass a branch, or a snapshotWorktree() commit to include a worker's uncommitted work.
 */
export async function mergeCheck(repo: string, baseRef: string, branchOrCommit: string): Promise<MergeCheck> {
  const base = await resolveCommit(repo, baseRef);
  if (base === null) throw new Error(`merge check: ${baseRef} is not a commit of ${repo}`);
  const other = await resolveCommit(repo, branchOrCommit);
  if (other === null) throw new Error(`merge check: ${branchOrCommit} is not a commit of ${repo}`);
  const result = await git(
    repo,
    ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', base, other],
    { raw: true },
  );
  const [tree = '', ...files] = result.stdout.split('\0');
  // Exit 1 means conflicts only when a tree was written; otherwise it is git failing (or too old).
  if (!OBJECT_ID.test(tree)) {
    const why = result.stderr || 'no tree written';
    const old = /usage: git merge-tree|unknown option/.test(why) ? ' (needs git 2.38 or newer)' : '';
    throw new Error(`merge check of ${branchOrCommit} into ${baseRef} failed${old}: ${why}`);
  }
  const conflicts = [...new Set(files.filter((f) => f !== ''))];
  return { clean: result.ok, conflicts: result.ok ? [] : conflicts, tree };
}
