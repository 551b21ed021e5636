import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { dirtyPaths, operationInProgress } from './checkout-state';
import { currentBranch, git, gitOrThrow, resolveCommit } from './git';
import { NO_SIGN_NO_HOOKS, ORCHESTRATOR_IDENTITY } from './identity';
import { mergeCheck } from './merge-check';
import { withRepoLock } from './repo-lock';

/** A merge the orchestrator will not do; nothing was changed. `conflicts` names the files, if that is why. */
export class MergeRefused extends Error {
  override readonly name = 'MergeRefused';
  constructor(
    message: string,
    readonly conflicts: string[] = [],
  ) {
    super(message);
  }
}

export interface MergeOptions {
  /** The branch the session started from: the user's checkout must be on it. */
  expectedBranch?: string | null;
  /** The session's base commit: the user's branch must still contain it. */
  baseCommit?: string | null;
  /** Message of the merge commit (fast-forwards make none). */
  message?: string;
}

export interface MergeResult {
  /** 'up-to-date' when the branch was already contained: nothing changed. */
  outcome: 'fast-forward' | 'merge-commit' | 'up-to-date';
  /** The user's branch that received the merge. */
  target: string;
  previous: string;
  commit: string;
  /** Files the merge changed in the user's checkout. */
  files: string[];
}

interface Plan {
  top: string;
  target: string;
  head: string;
  source: string;
}

/**
 * Merges a worker's branch into the branch of the user's checkout — only when that is safe, and otherwise
 * refuses (MergeRefused) with everything exactly as it was:
 * - no rebase, merge, cherry-pick, revert or bisect in progress (never finished or aborted for the person);
 * - the checkout is on a branch (the session's own, when expectedBranch / baseCommit are given);
 * - mergeCheck is clean: a conflicting merge is never started, so there is nothing to abort;
 * - none of the files the merge changes has uncommitted changes, and no untracked or ignored file sits
 *   where it would add one. Changes elsewhere in the checkout, staged or not, are carried over untouched.
 * The merge itself is built without the checkout (merge-tree, commit-tree), then applied with a two-tree
 * `read-tree -m -u` — all or nothing — and the branch moved with a compare-and-swap update-ref. No hooks run,
 * no editor opens, nothing is signed.
 */
export async function mergeIntoUserBranch(
  repo: string,
  branch: string,
  options: MergeOptions = {},
): Promise<MergeResult> {
  return withRepoLock(repo, async () => {
    const plan = await checkPreconditions(repo, branch, options);
    const { top, target, head, source } = plan;
    if (await isAncestor(top, source, head)) {
      return { outcome: 'up-to-date', target, previous: head, commit: head, files: [] };
    }
    const check = await mergeCheck(top, head, source);
    if (!check.clean) {
      throw new MergeRefused(
        `${branch} conflicts with ${target} in ${check.conflicts.join(', ')}; nothing was merged`,
        check.conflicts,
      );
    }
    const fastForward = await isAncestor(top, head, source);
    const commit = fastForward
      ? source
      : await mergeCommit(plan, check.tree!, options.message ?? `Merge ${branch}`);
    const files = await changedFiles(top, head, commit);
    await checkTouchedFilesClean(top, files);
    await apply(plan, commit, branch);
    return {
      outcome: fastForward ? 'fast-forward' : 'merge-commit',
      target,
      previous: head,
      commit,
      files: files.map((f) => f.path),
    };
  });
}

async function checkPreconditions(repo: string, branch: string, options: MergeOptions): Promise<Plan> {
  const topResult = await git(repo, ['rev-parse', '--show-toplevel']);
  if (!topResult.ok) throw new MergeRefused(`${repo} is not a git checkout`);
  const top = topResult.stdout;
  const operation = await operationInProgress(top);
  if (operation) {
    throw new MergeRefused(
      `${top} is in the middle of ${operation}; finish or abort it yourself first — nothing was changed`,
    );
  }
  const target = await currentBranch(top);
  if (target === null)
    throw new MergeRefused(`${top} is on a detached HEAD; check out the branch to merge into`);
  if (options.expectedBranch && target !== options.expectedBranch) {
    throw new MergeRefused(
      `${top} is on ${target}, but the session started from ${options.expectedBranch}; switch back to it first`,
    );
  }
  const head = await resolveCommit(top, 'HEAD');
  if (head === null) throw new MergeRefused(`${target} has no commit`);
  if (options.baseCommit && !(await isAncestor(top, options.baseCommit, head))) {
    throw new MergeRefused(
      `${target} no longer contains the session's base commit ${options.baseCommit.slice(0, 12)}; not merging into it`,
    );
  }
  const source = await resolveCommit(top, `refs/heads/${branch}`);
  if (source === null) throw new MergeRefused(`there is no branch ${branch}`);
  return { top, target, head, source };
}

async function isAncestor(repo: string, ancestor: string, descendant: string): Promise<boolean> {
  return (await git(repo, ['merge-base', '--is-ancestor', ancestor, descendant])).ok;
}

async function mergeCommit(plan: Plan, tree: string, message: string): Promise<string> {
  return gitOrThrow(
    plan.top,
    [
      ...NO_SIGN_NO_HOOKS,
      'commit-tree',
      '--no-gpg-sign',
      tree,
      '-p',
      plan.head,
      '-p',
      plan.source,
      '-m',
      message,
    ],
    'writing the merge commit',
    { env: { ...ORCHESTRATOR_IDENTITY } },
  );
}

interface ChangedFile {
  status: string;
  path: string;
}

async function changedFiles(top: string, from: string, to: string): Promise<ChangedFile[]> {
  const out = await gitOrThrow(
    top,
    ['diff', '--name-status', '-z', '--no-renames', from, to],
    'listing the merge’s files',
    {
      raw: true,
    },
  );
  const fields = out.split('\0').filter((f) => f !== '');
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) files.push({ status: fields[i]!, path: fields[i + 1]! });
  return files;
}

async function checkTouchedFilesClean(top: string, files: ChangedFile[]): Promise<void> {
  const dirty = await dirtyPaths(top);
  const blocked = files
    .filter((f) => dirty.has(f.path) || (f.status === 'A' && occupied(join(top, f.path))))
    .map((f) => f.path);
  if (blocked.length > 0) {
    throw new MergeRefused(
      `your checkout has uncommitted or untracked files the merge would change: ${blocked.join(', ')}; ` +
        'commit or move them yourself first — nothing was changed',
    );
  }
}

function occupied(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Index and files first (all or nothing), then the branch — only if it is still where it was checked. */
async function apply(plan: Plan, commit: string, branch: string): Promise<void> {
  const { top, target, head } = plan;
  // Stat-only differences (a touched file) would make read-tree call an unchanged file "not uptodate".
  await git(top, ['update-index', '-q', '--refresh']);
  const read = await git(top, ['read-tree', '-m', '-u', head, commit]);
  if (!read.ok)
    throw new MergeRefused(`git could not update your checkout, nothing was changed: ${read.stderr}`);
  const moved = await git(top, [
    'update-ref',
    '-m',
    `orchestrator: merge ${branch}`,
    `refs/heads/${target}`,
    commit,
    head,
  ]);
  if (!moved.ok) {
    // The branch moved under us: put index and files back to what it was before refusing.
    await git(top, ['read-tree', '-m', '-u', commit, head]);
    throw new MergeRefused(`${target} moved while merging; nothing was merged: ${moved.stderr}`);
  }
}
