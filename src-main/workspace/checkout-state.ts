import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { git, type GitPlace } from './git';

/** What a half-finished git operation leaves behind, and how to name it to the person. */
const IN_PROGRESS: ReadonlyArray<[string, string]> = [
  ['rebase-merge', 'a rebase'],
  ['rebase-apply', 'a rebase or `git am`'],
  ['MERGE_HEAD', 'a merge'],
  ['CHERRY_PICK_HEAD', 'a cherry-pick'],
  ['REVERT_HEAD', 'a revert'],
  ['BISECT_LOG', 'a bisect'],
];

/**
 * The operation the checkout is in the middle of, or null. Such a state belongs to the person who started
 * it: the orchestrator never continues, aborts or builds on it — it refuses and leaves it exactly so.
 */
export async function operationInProgress(checkout: string): Promise<string | null> {
  for (const [name, label] of IN_PROGRESS) {
    const path = await git(checkout, ['rev-parse', '--path-format=absolute', '--git-path', name]);
    if (path.ok && existsSync(resolve(checkout, path.stdout))) return label;
  }
  return null;
}

/**
 * Every path with uncommitted changes in the checkout — modified, staged, deleted, untracked — relative to
 * its top level. Read with optional locks off, so looking never rewrites the user's index.
 */
export async function dirtyPaths(top: GitPlace): Promise<Set<string>> {
  const result = await git(top, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames'], {
    raw: true,
  });
  if (!result.ok) throw new Error(`git status failed: ${result.stderr}`);
  const paths = new Set<string>();
  for (const entry of result.stdout.split('\0')) if (entry.length > 3) paths.add(entry.slice(3));
  return paths;
}
