import { posix } from 'node:path';

/**
 * Lexical path checks: the guard reads events, not the disk, so symlinks are not followed. Paths are POSIX:
 * every CLI the product drives reports them that way on macOS and Linux.
 */

export const isWithin = (root: string, path: string): boolean =>
  path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);

/** Strictly below `root`: writing into /tmp/x is fine, deleting /tmp itself is not. */
export const isBelow = (root: string, path: string): boolean => path !== root && isWithin(root, path);

const HOME_VARIABLE = /^(?:\$HOME|\$\{HOME\})(?=\/|$)/;

export interface PathContext {
  /** The directory relative paths start from; null once a `cd` went somewhere the guard cannot follow. */
  cwd: string | null;
  home: string;
}

/**
 * The absolute path a written word names, or null when it cannot be known before running (a variable
 * other than HOME, a substitution, or a relative path after an unknown `cd`).
 */
export function resolveWordPath(text: string, dynamic: boolean, context: PathContext): string | null {
  let path = text;
  if (dynamic) {
    const home = HOME_VARIABLE.exec(path);
    if (!home) return null;
    path = context.home + path.slice(home[0].length);
    if (/[$`]/.test(path)) return null;
  }
  if (path === '~' || path.startsWith('~/')) path = context.home + path.slice(1);
  else if (path.startsWith('~')) {
    // ~user is another account's home: a sibling of ours on both Linux (/home) and macOS (/Users).
    path = posix.join(posix.dirname(context.home), path.slice(1));
  }
  if (path === '') return null;
  if (posix.isAbsolute(path)) return posix.resolve(path);
  return context.cwd === null ? null : posix.resolve(context.cwd, path);
}
