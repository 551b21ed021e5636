import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { canonical } from './canonical-path';

/**
 * A worker's worktree as the orchestrator made it: the person's repository and the worktree's path. Git
 * commands on it never read the worktree's `.git` file to find their repository — the agent can rewrite
 * that file — but take the git dir from the repository's own records of its worktrees.
 */
export interface WorkerCheckout {
  repo: string;
  worktree: string;
}

/** Where git must look for a worker checkout: its admin dir in the repository, and the work tree. */
export interface TrustedDirs {
  gitDir: string;
  workTree: string;
}

/**
 * A worktree whose `.git` no longer points where git created it: an agent redirected git to a repository
 * of its choosing (whose config can name programs). Nothing is run in it; the session treats this as a
 * security decision.
 */
export class WorktreeTampered extends Error {
  override readonly name = 'WorktreeTampered';
  constructor(
    readonly worktree: string,
    readonly found: string,
  ) {
    super(`the worktree ${worktree} was tampered with: its .git ${found}; no git command was run in it`);
  }
}

/** The `.git` file git writes into a linked worktree: one line naming its admin dir. */
function readDotGit(worktree: string): { target: string } | { problem: string } {
  const path = join(worktree, '.git');
  let stats;
  try {
    stats = lstatSync(path);
  } catch {
    return { problem: 'is missing' };
  }
  if (stats.isSymbolicLink()) return { problem: 'is a symbolic link' };
  if (stats.isDirectory()) return { problem: 'is a folder (a repository of its own)' };
  if (!stats.isFile() || stats.size > 4096) return { problem: 'is not the file git wrote' };
  const text = readFileSync(path, 'utf8');
  const match = /^gitdir: (.+?)\r?\n?$/.exec(text);
  if (!match) return { problem: 'does not hold a gitdir line' };
  return { target: resolve(worktree, match[1]!) };
}

/** Admin dirs found per worktree: the repository's record does not change while the worktree lives. */
const adminDirs = new Map<string, string>();

/**
 * The admin dir (`<common dir>/worktrees/<name>`) whose `gitdir` record names this worktree's `.git`.
 * Read from the repository's common dir only: a file the agent can write never decides it.
 */
function findAdminDir(commonDir: string, worktree: string): string | null {
  const wanted = canonical(join(worktree, '.git'));
  const key = `${commonDir}\0${wanted}`;
  const cached = adminDirs.get(key);
  if (cached !== undefined && recordedDotGit(cached) === wanted) return cached;
  const root = join(commonDir, 'worktrees');
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return null;
  }
  for (const name of names) {
    const admin = join(root, name);
    if (recordedDotGit(admin) === wanted) {
      adminDirs.set(key, admin);
      return admin;
    }
  }
  return null;
}

function recordedDotGit(admin: string): string | null {
  try {
    const text = readFileSync(join(admin, 'gitdir'), 'utf8').trim();
    return canonical(resolve(admin, text));
  } catch {
    return null;
  }
}

/**
 * The git dir and work tree to use for a worker checkout, after proving that the worktree's `.git` still
 * points to the admin dir the repository recorded for it. Throws WorktreeTampered when it does not, and a
 * plain error when the repository has no such worktree (removed, or never made by it).
 */
export function trustedDirs(commonDir: string, worktree: string): TrustedDirs {
  const admin = findAdminDir(commonDir, worktree);
  if (admin === null) {
    const dotGit = readDotGit(worktree);
    if ('target' in dotGit && lstatExists(join(worktree, '.git'))) {
      // The repository has no record of this worktree but its .git names some git dir: redirected.
      throw new WorktreeTampered(worktree, `points to ${dotGit.target}, not to this repository`);
    }
    throw new Error(`${worktree} is not a worktree of the repository at ${commonDir}`);
  }
  const dotGit = readDotGit(worktree);
  if ('problem' in dotGit) throw new WorktreeTampered(worktree, dotGit.problem);
  if (canonical(dotGit.target) !== canonical(admin)) {
    throw new WorktreeTampered(worktree, `points to ${dotGit.target} instead of ${admin}`);
  }
  return { gitDir: admin, workTree: worktree };
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
