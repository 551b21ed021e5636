import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * The temporary folders of one test file, all removed after its last test: `tempDir(prefix)` makes one;
 * a folder made elsewhere (a scratch repository) is pushed onto `temp` to be removed with them.
 */
export function tempDirs(): { tempDir: (prefix: string) => string; temp: string[] } {
  const temp: string[] = [];
  afterAll(() => temp.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  return {
    temp,
    tempDir: (prefix) => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      temp.push(dir);
      return dir;
    },
  };
}
