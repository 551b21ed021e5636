import { gitOrThrow, type GitPlace } from './git';
import { withTempIndex } from './temp-index';

export interface FileStat {
  path: string;
  added: number;
  deleted: number;
  /** Binary files have no line counts. */
  binary: boolean;
}

export interface WorktreeDiff {
  base: string;
  /** Unified diff of everything the worker changed, committed or not, new files included. */
  patch: string;
  files: FileStat[];
}

/**
 * What a worker changed against the session's base commit: its commits and its uncommitted and untracked
 * files alike (agents rarely commit). Staged through a throwaway index so the worktree's own index — which
 * the agent may be using — is never touched.
 */
export async function worktreeDiff(worktree: GitPlace, base: string): Promise<WorktreeDiff> {
  return withTempIndex(async (env) => {
    const git = (args: string[]) => gitOrThrow(worktree, args, `git ${args[0]}`, { env, raw: true });
    await git(['read-tree', 'HEAD']);
    await git(['add', '-A', '--', '.']);
    const [patch, numstat] = await Promise.all([
      git(['diff', '--cached', '--no-color', '--no-ext-diff', base]),
      git(['diff', '--cached', '--numstat', '-z', '--no-renames', base]),
    ]);
    return { base, patch: patch.replace(/\n$/, ''), files: parseNumstat(numstat) };
  });
}

/** `git diff --numstat -z`: "added\tdeleted\tpath\0" per file, "-\t-" for binary files. */
export function parseNumstat(text: string): FileStat[] {
  return text
    .split('\0')
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [added = '', deleted = '', ...rest] = entry.split('\t');
      const binary = added === '-' && deleted === '-';
      return {
        path: rest.join('\t'),
        added: binary ? 0 : Number(added),
        deleted: binary ? 0 : Number(deleted),
        binary,
      };
    });
}
