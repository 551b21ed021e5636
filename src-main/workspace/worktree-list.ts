import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { git } from './git';

export interface ListedWorktree {
  path: string;
  /** Full ref name (refs/heads/…), or null for a detached HEAD. */
  branch: string | null;
  head: string | null;
}

/** `git worktree list --porcelain -z`: every checkout of the repository, the main one first. */
export async function listWorktrees(repo: string): Promise<ListedWorktree[]> {
  const result = await git(repo, ['worktree', 'list', '--porcelain', '-z'], { raw: true });
  if (!result.ok) throw new Error(`git worktree list failed: ${result.stderr}`);
  const out: ListedWorktree[] = [];
  let current: ListedWorktree | null = null;
  for (const field of result.stdout.split('\0')) {
    if (field === '') {
      current = null;
      continue;
    }
    const space = field.indexOf(' ');
    const key = space === -1 ? field : field.slice(0, space);
    const value = space === -1 ? '' : field.slice(space + 1);
    if (key === 'worktree') {
      current = { path: value, branch: null, head: null };
      out.push(current);
    } else if (current && key === 'branch') current.branch = value;
    else if (current && key === 'HEAD') current.head = value;
  }
  return out;
}

/** Two paths name the same place, symlinks resolved when they exist. */
export function samePath(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

/** The real path; for a path that no longer exists, its nearest existing parent's real path plus the rest. */
export function canonical(path: string): string {
  const full = resolve(path);
  try {
    return realpathSync(full);
  } catch {
    const parent = dirname(full);
    return parent === full ? full : join(canonical(parent), basename(full));
  }
}
