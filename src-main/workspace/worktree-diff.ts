import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
export async function worktreeDiff(worktree: string, base: string): Promise<WorktreeDiff> {
  const dir = mkdtempSync(join(tmpdir(), 'orchestrator-index-'));
  const env = { GIT_INDEX_FILE: join(dir, 'index'), GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
  const git = (args: string[]) =>
    execa('git', args, { cwd: worktree, env, stdin: 'ignore', maxBuffer: 256 * 1024 * 1024 });
  try {
    await git(['read-tree', 'HEAD']);
    await git(['add', '-A', '--', '.']);
    const [patch, numstat] = await Promise.all([
      git(['diff', '--cached', '--no-color', '--no-ext-diff', base]),
      git(['diff', '--cached', '--numstat', '-z', '--no-renames', base]),
    ]);
    return { base, patch: String(patch.stdout), files: parseNumstat(String(numstat.stdout)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
