import { statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A file changed within this long before it was read may change again without its times moving (file
 * times are coarse on many file systems: a tick of a few ms, 2 s on FAT). What was read from it is not
 * kept — as git itself treats a "racily clean" index entry.
 */
const RACY_MS = 2_000n;

/** The config files git reads for a repository (no system or global file: see hardenedEnv). */
export function configFiles(gitDir: string, commonDir: string): string[] {
  const files = [join(commonDir, 'config'), join(commonDir, 'config.worktree')];
  if (gitDir !== commonDir) files.push(join(gitDir, 'config.worktree'));
  return files;
}

/**
 * What the files are now — inode, size, modification and change times to the nanosecond, or their absence —
 * as one string that differs whenever any of them was written, replaced, created or removed; null when a
 * file changed too recently to tell a later change from this one (nothing may be kept then).
 * `since` is when the reading of the files began (Date.now()).
 */
export function configStamp(files: readonly string[], since: number): string | null {
  const parts: string[] = [];
  const racyFrom = BigInt(since) * 1_000_000n - RACY_MS * 1_000_000n;
  for (const file of files) {
    let stats;
    try {
      stats = statSync(file, { bigint: true });
    } catch {
      parts.push('-');
      continue;
    }
    if (stats.mtimeNs >= racyFrom || stats.ctimeNs >= racyFrom) return null;
    parts.push(`${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`);
  }
  return parts.join('|');
}
