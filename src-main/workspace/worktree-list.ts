import { git } from './git';

export { canonical, samePath } from './canonical-path';

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
