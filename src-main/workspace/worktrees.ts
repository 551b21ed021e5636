import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { copyIgnoredFiles, validateCopyList } from './copy-ignored';
import { git, resolveCommit } from './git';
import { withRepoLock } from './repo-lock';
import { removeWorktree } from './remove-worktree';

export interface Worktree {
  path: string;
  branch: string;
}

export interface AddedWorktree extends Worktree {
  /** The git-ignored files copied in from the user's checkout (worktreeCopy), relative to the worktree. */
  copied: string[];
}

export interface AddWorktreeOptions {
  /** The config's worktreeCopy: git-ignored paths or globs of the user's checkout to copy into the worktree. */
  copy?: readonly string[];
  /** Tries in all when another git process holds a lock (default 5). */
  attempts?: number;
  /** Wait before the first retry, doubled after each (default 100 ms). */
  retryDelayMs?: number;
}

/** Each worker's own branch, named after the session so parallel sessions never collide. */
export const workerBranch = (sessionId: string, workerId: string): string =>
  `orchestrator/${sessionId}/${workerId}`;

/** Where a worker's worktree lives: inside its session folder, so cleanup can prove it made it. */
export const worktreePath = (sessionFolder: string, workerId: string): string =>
  join(sessionFolder, 'worktrees', workerId);

/**
 * Failures another git process (or a parallel add) causes and a later try can get past: a held lock file,
 * a half-written .git/worktrees entry. Anything else (bad commit, path taken) fails at once.
 */
const TRANSIENT =
  /\.lock'?: File exists|Unable to create '[^']*\.lock'|cannot lock ref|could not lock|could not create (leading )?director(y|ies) of '[^']*worktrees|failed to read [^\n]*commondir/i;

export const isTransientGitError = (stderr: string): boolean => TRANSIENT.test(stderr);

/**
 * A new worktree on a new branch at the session's base commit. The user's checkout is never touched: no
 * checkout, no stash. Its uncommitted changes — modified, staged or new files — are deliberately NOT
 * carried over: every worker starts from the same committed base, and the user's work in progress stays
 * theirs alone. Only git-ignored files named in `copy` (worktreeCopy: .env and the like) are copied.
 *
 * Creation is serialized per repository in this process and retried on lock errors, since parallel
 * `git worktree add` fails on git's own locks. A branch of that name must not exist yet: one this
 * session did not create is never reused or moved.
 */
export async function addWorktree(
  repoRoot: string,
  sessionFolder: string,
  sessionId: string,
  workerId: string,
  baseCommit: string,
  options: AddWorktreeOptions = {},
): Promise<AddedWorktree> {
  const path = worktreePath(sessionFolder, workerId);
  const branch = workerBranch(sessionId, workerId);
  await checkNames(repoRoot, sessionId, workerId, branch);
  // A bad entry is the config's fault: say so before anything is created.
  validateCopyList(options.copy ?? []);
  await withRepoLock(repoRoot, () => createLocked(repoRoot, path, branch, baseCommit, options));
  try {
    const copied = await copyIgnoredFiles(repoRoot, path, options.copy ?? []);
    return { path, branch, copied };
  } catch (error) {
    // Half-prepared is worse than absent: the worker would run without its .env and fail obscurely. The
    // copy error is the one worth reporting, so a failed cleanup does not replace it.
    await removeWorktree(
      repoRoot,
      sessionFolder,
      sessionId,
      { path, branch },
      { force: true, deleteBranch: true },
    ).catch(() => undefined);
    throw error;
  }
}

async function checkNames(repoRoot: string, sessionId: string, workerId: string, branch: string) {
  if (!/^[\w.-]+$/.test(workerId) || workerId.startsWith('.')) {
    throw new Error(`worker id "${workerId}" cannot name a worktree folder`);
  }
  const valid = await git(repoRoot, ['check-ref-format', `refs/heads/${branch}`]);
  if (!valid.ok || sessionId.includes('/')) {
    throw new Error(`session "${sessionId}" and worker "${workerId}" do not make a valid branch name`);
  }
}

async function createLocked(
  repoRoot: string,
  path: string,
  branch: string,
  baseCommit: string,
  options: AddWorktreeOptions,
): Promise<void> {
  if (existsSync(path)) throw new Error(`worktree path already exists: ${path}`);
  const base = await resolveCommit(repoRoot, baseCommit);
  if (base === null) throw new Error(`base commit ${baseCommit} is not in ${repoRoot}`);
  if ((await resolveCommit(repoRoot, `refs/heads/${branch}`)) !== null) {
    throw new Error(`branch ${branch} already exists: not reusing a branch this session did not create`);
  }
  const attempts = Math.max(1, options.attempts ?? 5);
  let delay = options.retryDelayMs ?? 100;
  for (let attempt = 1; ; attempt += 1) {
    // A failed try can leave the branch behind (git creates it before the worktree); it is ours, so the
    // next try checks it out instead of creating it again — unless something moved it meanwhile.
    const existing = await resolveCommit(repoRoot, `refs/heads/${branch}`);
    if (existing !== null && existing !== base) {
      throw new Error(`branch ${branch} moved to ${existing} while its worktree was being created`);
    }
    const args =
      existing === null
        ? ['worktree', 'add', '--quiet', '--no-track', '-b', branch, path, base]
        : ['worktree', 'add', '--quiet', path, branch];
    const result = await git(repoRoot, args);
    if (result.ok) return;
    const message = result.stderr || result.stdout;
    if (attempt >= attempts || !isTransientGitError(message)) {
      throw new Error(`git worktree add failed: ${message}`);
    }
    removeIfEmpty(path);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay *= 2;
  }
}

/** git may leave the empty target folder of a failed add; the next try needs the path free. */
function removeIfEmpty(path: string): void {
  if (existsSync(path) && readdirSync(path).length === 0) rmdirSync(path);
}
