import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Execa from 'execa';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { scratchRepo } from '../../test/scratch-repo';
import { snapshotWorktree } from './commit-worktree';
import { git, type WorkerCheckout } from './git';
import { sh } from './testing';
import { worktreeDiff } from './worktree-diff';
import { addWorktree } from './worktrees';

/** Every git process the program starts, by its arguments (after the hardening `-c` pairs). */
const spawned = vi.hoisted(() => [] as string[][]);
vi.mock('execa', async (importOriginal) => {
  const actual = await importOriginal<typeof Execa>();
  return {
    ...actual,
    execa: ((file: string, args: string[], options: object) => {
      if (file === 'git') spawned.push(args);
      return actual.execa(file, args, options);
    }) as unknown as typeof actual.execa,
  };
});

/** The driver listings among the spawned git processes. */
const listings = () => spawned.filter((args) => args.includes('--get-regexp')).length;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
beforeEach(() => {
  spawned.length = 0;
});

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Config written long enough ago for the program to trust its file times (see configStamp). */
function age(file: string): void {
  const past = new Date(Date.now() - 60_000);
  utimesSync(file, past, past);
}

/** A shell command that leaves a marker, then passes its input through (so a filter still "works"). */
function payload(): { command: string; marker: string } {
  const dir = temp('orchestrator-payload-');
  const marker = join(dir, 'ran');
  const script = join(dir, 'payload.sh');
  writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\nexec cat "$@" 2>/dev/null\n`);
  chmodSync(script, 0o755);
  return { command: `'${script}'`, marker };
}

async function workerCheckout() {
  const repo = scratchRepo();
  dirs.push(repo);
  writeFileSync(join(repo, 'a.txt'), 'base\n');
  sh(repo, 'add', '.');
  sh(repo, 'commit', '-qm', 'base');
  const base = sh(repo, 'rev-parse', 'HEAD');
  const folder = join(temp('orchestrator-ws-'), 'sess');
  mkdirSync(folder);
  const wt = await addWorktree(repo, folder, 'sess', 'claude', base);
  const checkout: WorkerCheckout = { repo, worktree: wt.path };
  // Once settled, the ctime ages too (it cannot be set back): wait until it is out of the racy window.
  age(join(repo, '.git', 'config'));
  await new Promise((r) => setTimeout(r, 2_100));
  return { repo, base, checkout };
}

/** Sleeps past the window in which a config file's times are not trusted (its ctime is the write). */
const settle = () => new Promise((r) => setTimeout(r, 2_100));

describe("git(): the repository's drivers are listed once per change of its config", () => {
  it('lists them once for many commands on a worker checkout and on the repository', async () => {
    const { repo, checkout } = await workerCheckout();
    spawned.length = 0;
    for (let i = 0; i < 10; i += 1) {
      await git(checkout, ['status', '--porcelain']);
      await git(repo, ['rev-parse', 'HEAD']);
    }
    // One listing per git dir (the worktree's admin dir, the repository's), not one per command.
    expect(listings()).toBe(2);
    expect(spawned.length).toBeLessThanOrEqual(20 + 2 + 1);
  }, 20_000);

  it('sees a filter added to the config at once, and again after its times have settled', async () => {
    const { repo, checkout, base } = await workerCheckout();
    await git(checkout, ['status', '--porcelain']);
    const first = payload();
    // The repository's config gains a filter, and the agent's worktree names it for every file.
    sh(repo, 'config', 'filter.sneaky.clean', first.command);
    sh(repo, 'config', 'filter.sneaky.required', 'true');
    writeFileSync(join(checkout.worktree, '.gitattributes'), '*.txt filter=sneaky\n');
    writeFileSync(join(checkout.worktree, 'a.txt'), 'changed by the agent\n');
    spawned.length = 0;
    expect((await worktreeDiff(checkout, base)).patch).toContain('+changed by the agent');
    expect(listings()).toBeGreaterThan(0);
    expect(existsSync(first.marker)).toBe(false);

    // Settled: the config's times are trusted again, and a changed file is told by them alone.
    await settle();
    await git(checkout, ['status', '--porcelain']);
    const second = payload();
    sh(repo, 'config', 'filter.other.clean', second.command);
    writeFileSync(join(checkout.worktree, '.gitattributes'), '*.txt filter=other\n');
    age(join(repo, '.git', 'config'));
    await settle();
    spawned.length = 0;
    await snapshotWorktree(checkout);
    await worktreeDiff(checkout, base);
    expect(listings()).toBe(1);
    expect(existsSync(second.marker)).toBe(false);
  }, 30_000);

  it("sees a filter in the worktree's own config.worktree", async () => {
    const { repo, checkout, base } = await workerCheckout();
    await git(checkout, ['status', '--porcelain']);
    const p = payload();
    sh(repo, 'config', 'extensions.worktreeConfig', 'true');
    sh(checkout.worktree, 'config', '--worktree', 'filter.wt.clean', p.command);
    writeFileSync(join(checkout.worktree, '.gitattributes'), '*.txt filter=wt\n');
    writeFileSync(join(checkout.worktree, 'a.txt'), 'changed by the agent\n');
    await settle();
    expect((await worktreeDiff(checkout, base)).patch).toContain('+changed by the agent');
    await snapshotWorktree(checkout);
    expect(existsSync(p.marker)).toBe(false);
  }, 30_000);

  it('lists them for every command while the config includes other files', async () => {
    const { repo, checkout } = await workerCheckout();
    const included = join(temp('orchestrator-include-'), 'config');
    writeFileSync(included, '[user]\n\tname = x\n');
    sh(repo, 'config', 'include.path', included);
    age(join(repo, '.git', 'config'));
    await settle();
    spawned.length = 0;
    for (let i = 0; i < 3; i += 1) await git(checkout, ['status', '--porcelain']);
    expect(listings()).toBe(3);
  }, 20_000);
});
