import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitOut, scratchRepo } from './scratch-repo';

// Input the CLI must refuse before anything starts: one line on stderr naming the problem, exit 2, no
// session folder, nothing written into the repository.

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

// A quick pace for the demo agents: these tests are about what happens before and after a run.
const orchestrate = (args: string[]) =>
  execa(tsx, [entry, ...args], {
    cwd: root,
    reject: false,
    stdin: 'ignore',
    env: { ORCHESTRATOR_DEMO_DELAY_MS: '5' },
  });

/** A demo run and several CLI calls: slow on a loaded machine. */
const SESSION_TIMEOUT = 180_000;

const tempDir = (prefix = 'orchestrator-ws-'): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temp.push(dir);
  return dir;
};

const repo = (): string => {
  const dir = scratchRepo();
  temp.push(dir);
  return dir;
};

/** Everything git sees in the checkout besides its commits: untracked files and changes. */
const status = (dir: string): string =>
  gitOut(dir, 'status', '--porcelain', '--untracked-files=all', '--ignored');

function expectRefused(result: { exitCode?: number; stderr: unknown; stdout: unknown }, message: RegExp) {
  expect(result.exitCode).toBe(2);
  const stderr = String(result.stderr).trim();
  expect(stderr).toMatch(message);
  expect(stderr.split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(String(result.stdout)).toBe('');
}

describe('orchestrate run refuses a repository that is not a work tree', () => {
  it('refuses the git directory of a repository and writes nothing into it', async () => {
    const dir = repo();
    const gitDir = join(dir, '.git');
    const before = readdirSync(gitDir).sort();
    const ws = tempDir();
    const result = await orchestrate(['run', 'add a file', '--repo', gitDir, '--demo', '--workspace', ws]);
    expectRefused(result, /is a git directory, not a work tree: pass the repository.s folder/);
    expect(readdirSync(gitDir).sort()).toEqual(before);
    expect(readdirSync(ws)).toEqual([]);
  });

  it('refuses a bare repository', async () => {
    const bare = tempDir('orchestrator-bare-');
    execFileSync('git', ['init', '-q', '--bare', bare]);
    const before = readdirSync(bare).sort();
    const ws = tempDir();
    const result = await orchestrate(['run', 'add a file', '--repo', bare, '--demo', '--workspace', ws]);
    expectRefused(result, /is a bare repository/);
    expect(readdirSync(bare).sort()).toEqual(before);
    expect(readdirSync(ws)).toEqual([]);
  });
});

describe('orchestrate run refuses a workspace it cannot use', () => {
  it('refuses a workspace inside the repository, leaving the checkout clean', async () => {
    const dir = repo();
    const ws = join(dir, 'sessions');
    const result = await orchestrate(['run', 'add a file', '--repo', dir, '--demo', '--workspace', ws]);
    expectRefused(result, /workspace .* is inside the repository/);
    expect(existsSync(ws)).toBe(false);
    expect(status(dir)).toBe('');
  });

  it('refuses a workspace that is a file, in one line', async () => {
    const dir = repo();
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, 'x');
    const result = await orchestrate(['run', 'add a file', '--repo', dir, '--demo', '--workspace', file]);
    expectRefused(result, /workspace .*not-a-folder is not a folder/);
    expect(status(dir)).toBe('');
  });

  it.each([['sessions'], ['show', 'x'], ['merge', 'x', '--worker', 'claude']])(
    '%s with a workspace that is a file: one line, no stack trace',
    async (...args) => {
      const file = join(tempDir(), 'not-a-folder');
      writeFileSync(file, 'x');
      const result = await orchestrate([...args, '--workspace', file]);
      expectRefused(result, /workspace .*not-a-folder is not a folder/);
    },
  );
});

/** A finished demo session of one worker on a scratch repository; its id. */
async function finishedSession(dir: string, ws: string): Promise<string> {
  const run = await orchestrate([
    'run',
    'add a changelog',
    '--repo',
    dir,
    '--demo',
    '--agents',
    'codex',
    '--workspace',
    ws,
  ]);
  expect(run.exitCode).toBe(0);
  const listed = await orchestrate(['sessions', '--json', '--workspace', ws]);
  return (JSON.parse(String(listed.stdout)) as Array<{ sessionId: string }>)[0]!.sessionId;
}

describe('orchestrate merge refuses what it must not merge into', () => {
  it(
    'refuses while the checkout is on another branch than the session started from, then merges on it',
    async () => {
      const dir = repo();
      const ws = tempDir();
      const id = await finishedSession(dir, ws);
      execFileSync('git', ['checkout', '-q', '-b', 'elsewhere'], { cwd: dir });
      const before = gitOut(dir, 'rev-parse', 'elsewhere');
      const refused = await orchestrate(['merge', id, '--worker', 'codex', '--workspace', ws]);
      expectRefused(refused, /is on elsewhere, but the session started from main/);
      expect(gitOut(dir, 'rev-parse', 'elsewhere')).toBe(before);
      expect(status(dir)).toBe('');

      execFileSync('git', ['checkout', '-q', 'main'], { cwd: dir });
      const merged = await orchestrate(['merge', id, '--worker', 'codex', '--workspace', ws]);
      expect(merged.exitCode).toBe(0);
      expect(gitOut(dir, 'rev-parse', 'main')).toBe(gitOut(dir, 'rev-parse', `orchestrator/${id}/codex`));
    },
    SESSION_TIMEOUT,
  );

  it(
    "refuses a worktree whose link to the repository was removed, in one line, the user's branch unchanged",
    async () => {
      const dir = repo();
      const ws = tempDir();
      const id = await finishedSession(dir, ws);
      rmSync(join(ws, id, 'worktrees', 'codex', '.git'));
      const before = gitOut(dir, 'rev-parse', 'main');
      const result = await orchestrate(['merge', id, '--worker', 'codex', '--workspace', ws]);
      expectRefused(result, /codex's worktree .* is no longer a worktree of/);
      expect(gitOut(dir, 'rev-parse', 'main')).toBe(before);
      expect(status(dir)).toBe('');
    },
    SESSION_TIMEOUT,
  );
});
