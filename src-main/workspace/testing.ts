import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Test helpers for git-safety checks on scratch repositories: run git as a person would (with an
 * identity), and take a byte-level snapshot of a checkout to compare before and after.
 */
export function sh(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgSign=false', ...args],
    // Optional locks off: the snapshot itself must not refresh the index it is comparing.
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
    // Only the end is trimmed: porcelain output starts with significant spaces.
  ).trimEnd();
}

/** Runs git expecting it to fail (a conflicting rebase or merge the "user" started); returns nothing. */
export function shFails(cwd: string, ...args: string[]): void {
  try {
    sh(cwd, ...args);
  } catch {
    return;
  }
  throw new Error(`expected git ${args.join(' ')} to fail`);
}

export interface CheckoutSnapshot {
  head: string;
  symbolicHead: string;
  refs: string;
  status: string;
  index: string;
  files: Record<string, string>;
  gitState: string[];
}

/** Every file of the work tree (not .git) by path: content in base64, symlinks by target. */
function workTreeFiles(root: string, dir = '', out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(join(root, dir))) {
    const rel = dir === '' ? name : `${dir}/${name}`;
    // .git is a folder in a main checkout and a file in a linked worktree: git's, not the work tree's.
    if (rel === '.git') continue;
    const stats = lstatSync(join(root, rel));
    if (stats.isSymbolicLink()) out[rel] = `symlink:${readlinkSync(join(root, rel))}`;
    else if (stats.isDirectory()) workTreeFiles(root, rel, out);
    else out[rel] = `${(stats.mode & 0o777).toString(8)}:${readFileSync(join(root, rel)).toString('base64')}`;
  }
  return out;
}

/** HEAD, every ref, `status --porcelain=v2`, the index file's bytes, every file, in-progress markers. */
export function snapshotCheckout(repo: string): CheckoutSnapshot {
  const gitDir = sh(repo, 'rev-parse', '--absolute-git-dir');
  return {
    head: sh(repo, 'rev-parse', 'HEAD'),
    symbolicHead: readFileSync(join(gitDir, 'HEAD'), 'utf8'),
    refs: sh(
      repo,
      'for-each-ref',
      '--format=%(refname) %(objectname)',
      'refs/heads',
      'refs/tags',
      'refs/stash',
    ),
    status: sh(repo, 'status', '--porcelain=v2', '--branch', '--untracked-files=all'),
    index: readFileSync(join(gitDir, 'index')).toString('base64'),
    files: workTreeFiles(repo),
    gitState: [
      'MERGE_HEAD',
      'rebase-merge',
      'rebase-apply',
      'CHERRY_PICK_HEAD',
      'ORIG_HEAD',
      'AUTO_MERGE',
    ].filter((name) => existsSync(join(gitDir, name))),
  };
}
