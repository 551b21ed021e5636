import type { DiffRange } from '../../src-shared/models';
import { git, WorktreeTampered, type GitPlace } from '../workspace/git';
import { worktreeDiff, type WorktreeDiff } from '../workspace/worktree-diff';

/**
 * What a review covers: `base` is the session's base commit; `head` is the worktree's HEAD commit when
 * everything is committed, else 'worktree' — agents rarely commit, and a HEAD that does not hold the
 * reviewed files would name the wrong change.
 */
export async function reviewRange(cwd: GitPlace, base: string | null): Promise<DiffRange | null> {
  if (base === null) return null;
  const [head, status] = await Promise.all([
    git(cwd, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']),
    git(cwd, ['status', '--porcelain', '--untracked-files=normal']),
  ]).catch((error: unknown) => {
    // A worktree git cannot be trusted with: the review goes on without a range, the session decides.
    if (error instanceof WorktreeTampered) return [null, null] as const;
    throw error;
  });
  if (head === null || status === null) return { base, head: 'worktree' };
  const clean = status.ok && status.stdout === '';
  return { base, head: head.ok && clean ? head.stdout : 'worktree' };
}

export type ReviewDiff =
  { diff: WorktreeDiff; noDiffReason?: undefined } | { diff: null; noDiffReason: string };

/** The change every reviewer of one request is shown, computed once; a failure is said, not thrown. */
export async function reviewDiff(cwd: GitPlace, base: string | null): Promise<ReviewDiff> {
  if (base === null) return { diff: null, noDiffReason: 'the project is not a git repository' };
  try {
    return { diff: await worktreeDiff(cwd, base) };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'unknown error';
    return { diff: null, noDiffReason: `git diff failed: ${message}` };
  }
}
