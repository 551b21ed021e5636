import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

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
