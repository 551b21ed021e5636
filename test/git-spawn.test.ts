import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/** The files that may start processes, and why; git only from the one hardened function. */
const MAY_SPAWN: Record<string, 'git' | 'not git'> = {
  'src-main/workspace/git.ts': 'git',
  'src-main/workers/worker-process.ts': 'not git',
  'src-main/workers/watchdog.ts': 'not git',
  'src-main/workers/process-table/ps-table.ts': 'not git',
  'src-main/setup/probe-agent.ts': 'not git',
  'src-main/setup/login-path.ts': 'not git',
};

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, out);
    // Tests and their helpers set scenes up with plain git, as a person would: they ship nowhere.
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

const SPAWNS = /from ['"](node:)?child_process['"]|from ['"]execa['"]|require\(['"](node:)?child_process/;
const NAMES_GIT = /['"`]git['"`\s]/;

describe('git runs only through the hardened git() of src-main/workspace/git.ts', () => {
  it('no other shipped file starts processes, and none of those that do names git', () => {
    const offenders: string[] = [];
    for (const file of ['src-main', 'src-shared', 'src-preload'].flatMap((d) => sources(join(root, d)))) {
      const rel = relative(root, file).split('\\').join('/');
      if (rel.includes('/testing/') || rel.endsWith('/testing.ts')) continue;
      const text = readFileSync(file, 'utf8');
      if (!SPAWNS.test(text)) continue;
      const allowed = MAY_SPAWN[rel];
      if (allowed === undefined) offenders.push(`${rel} starts processes`);
      else if (allowed === 'not git' && NAMES_GIT.test(text)) offenders.push(`${rel} names git`);
    }
    expect(offenders).toEqual([]);
  });

  it('catches a file that spawns git on its own', () => {
    const sample = "import { execa } from 'execa';\nawait execa('git', ['status']);\n";
    expect(SPAWNS.test(sample) && NAMES_GIT.test(sample)).toBe(true);
  });
});
