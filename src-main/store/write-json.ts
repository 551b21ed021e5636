import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** Replace a JSON file atomically (write + rename), so a reader never sees half a file. */
export function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (error) {
    // A full or failing disk: the old file stays as it was, and no half-written copy is left beside it.
    try {
      rmSync(tmp, { force: true });
    } catch {
      // A read-only disk cannot remove it either; the error that matters is the write's.
    }
    throw error;
  }
}
