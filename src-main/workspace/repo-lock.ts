import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { git } from './git';

/** The tail of each repository's queue: the promise the next holder waits for. */
const tails = new Map<string, Promise<unknown>>();

/**
 * The key every checkout of one repository shares: its common git dir. A linked worktree and the main
 * checkout write the same .git/worktrees, refs and config, so they must queue on the same lock.
 */
async function lockKey(repo: string): Promise<string> {
  const common = await git(repo, ['rev-parse', '--path-format=absolute', '--git-common-dir']);
  const path = common.ok && common.stdout !== '' ? common.stdout : resolve(repo);
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Runs fn while holding this process's lock on the repository. Parallel `git worktree add` in one
 * repository races on .git/worktrees/<name> ("failed to read …/commondir") and on ref locks, so every
 * operation here that writes the repository's shared state goes through one queue per repository.
 * Other processes are not covered: their lock files are handled by retrying (see worktrees.ts).
 */
export async function withRepoLock<T>(repo: string, fn: () => Promise<T>): Promise<T> {
  const key = await lockKey(repo);
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    // The last holder leaves no entry behind, so the map does not grow with every repository ever seen.
    if (tails.get(key) === tail) tails.delete(key);
  }
}
