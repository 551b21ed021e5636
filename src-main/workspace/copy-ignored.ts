import { copyFileSync, lstatSync, mkdirSync, readlinkSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { git } from './git';

/**
 * Checks the configured entries (worktreeCopy): relative paths or git pathspec globs inside the repository.
 * An absolute path or a `..` segment could name a file outside it, so such an entry is refused outright.
 */
export function validateCopyList(patterns: readonly string[]): string[] {
  return patterns.map((pattern) => {
    const trimmed = pattern.trim();
    const segments = trimmed.split(/[\\/]/);
    if (trimmed === '' || isAbsolute(trimmed) || /^[a-zA-Z]:/.test(trimmed) || segments.includes('..')) {
      throw new Error(`worktreeCopy entry "${pattern}" must be a path or glob inside the repository`);
    }
    if (trimmed.startsWith(':'))
      throw new Error(`worktreeCopy entry "${pattern}" must not use pathspec magic`);
    return trimmed;
  });
}

/**
 * The git-ignored files of the user's checkout that match the configured entries: `.env`, local config,
 * anything a build needs that is never committed. Only ignored files qualify — tracked files come with the
 * checkout of the base commit, and untracked, not-ignored files are the user's uncommitted work, which a
 * worktree deliberately does not get.
 */
export async function listIgnoredFiles(repoRoot: string, patterns: readonly string[]): Promise<string[]> {
  const specs = validateCopyList(patterns);
  if (specs.length === 0) return [];
  const result = await git(
    repoRoot,
    ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--', ...specs],
    { raw: true },
  );
  if (!result.ok) throw new Error(`listing ignored files failed: ${result.stderr}`);
  return result.stdout.split('\0').filter((path) => path !== '');
}

/** Whether `path` is `root` or inside it, after resolving symlinks in both. */
function inside(root: string, path: string): boolean {
  const rel = relative(realpathSync(root), realpathSync(path));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Copies the configured git-ignored files from the user's checkout into a new worktree, keeping modes and
 * copying symlinks as symlinks. Never overwrites a file the worktree already has, and never writes through
 * a directory symlink of the checked-out tree to a place outside the worktree.
 */
export async function copyIgnoredFiles(
  repoRoot: string,
  worktree: string,
  patterns: readonly string[],
): Promise<string[]> {
  const files = await listIgnoredFiles(repoRoot, patterns);
  const copied: string[] = [];
  for (const file of files) {
    const from = join(repoRoot, file);
    const to = join(worktree, file);
    // Checked before and after creating the folder: a symlinked folder of the tree must not be followed out.
    if (!inside(worktree, nearestExisting(dirname(to)))) throw outside(file);
    mkdirSync(dirname(to), { recursive: true });
    if (!inside(worktree, dirname(to))) throw outside(file);
    if (exists(to)) continue;
    const stats = lstatSync(from);
    if (stats.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (stats.isFile()) copyFileSync(from, to);
    else continue;
    copied.push(file);
  }
  return copied;
}

const outside = (file: string) =>
  new Error(`not copying ${file}: its folder in the worktree leads outside the worktree`);

function nearestExisting(path: string): string {
  let dir = path;
  while (!exists(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
