import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reviewRange } from '../review/snapshot';
import { scratchRepo } from '../../test/scratch-repo';
import { commitWorktree, snapshotWorktree } from './commit-worktree';
import { git, WorktreeTampered, type WorkerCheckout } from './git';
import { mergeCheck } from './merge-check';
import { mergeIntoUserBranch } from './merge-into-branch';
import { sh } from './testing';
import { worktreeDiff } from './worktree-diff';
import { addWorktree } from './worktrees';

/**
 * Every way a checkout's config or attributes can make git run a program, planted as an agent could plant
 * them — by writing files in its own worktree — or already in the repository's config. Each payload
 * creates a marker file; a marker that exists afterwards means git ran the payload.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** A shell command that leaves a marker, then passes its input through (so filters still "work"). */
function payload(): { command: string; marker: string; script: string } {
  const dir = temp('orchestrator-payload-');
  const marker = join(dir, 'ran');
  const script = join(dir, 'payload.sh');
  writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\nexec cat "$@" 2>/dev/null\n`);
  chmodSync(script, 0o755);
  return { command: `'${script}'`, marker, script };
}

async function session() {
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
  return { repo, base, wt, checkout };
}

/**
 * What an agent writes to take git over: a git dir of its own inside its worktree (borrowing the real
 * objects through alternates, so every command still works) with the given config, and the worktree's
 * `.git` file pointed at it.
 */
function redirectGitDir(repo: string, worktree: string, base: string, config: string): void {
  const evil = join(worktree, '.evil');
  for (const sub of ['objects/info', 'refs/heads', 'refs/tags'])
    mkdirSync(join(evil, sub), { recursive: true });
  writeFileSync(join(evil, 'objects', 'info', 'alternates'), `${join(repo, '.git', 'objects')}\n`);
  writeFileSync(join(evil, 'HEAD'), 'ref: refs/heads/orchestrator/sess/claude\n');
  mkdirSync(join(evil, 'refs', 'heads', 'orchestrator', 'sess'), { recursive: true });
  writeFileSync(join(evil, 'refs', 'heads', 'orchestrator', 'sess', 'claude'), `${base}\n`);
  writeFileSync(join(evil, 'config'), `[core]\n\trepositoryformatversion = 0\n\tbare = false\n${config}`);
  writeFileSync(join(worktree, '.git'), `gitdir: ${evil}\n`);
  writeFileSync(join(worktree, 'a.txt'), 'changed by the agent\n');
}

/** Each vector as config for a redirected git dir, plus any file it needs in the worktree. */
function vectors(p: ReturnType<typeof payload>, worktree: string): Record<string, string> {
  const hooks = join(worktree, '.hooks');
  mkdirSync(hooks, { recursive: true });
  for (const hook of [
    'pre-commit',
    'post-commit',
    'post-checkout',
    'reference-transaction',
    'post-index-change',
  ]) {
    writeFileSync(join(hooks, hook), `#!/bin/sh\ntouch '${p.marker}'\n`);
    chmodSync(join(hooks, hook), 0o755);
  }
  const included = join(worktree, '.included');
  writeFileSync(included, `[core]\n\tfsmonitor = ${p.command}\n`);
  return {
    'core.fsmonitor': `\tfsmonitor = ${p.command}\n`,
    'core.hooksPath': `\thooksPath = ${hooks}\n`,
    'core.pager': `\tpager = ${p.command}\n[pager]\n\tdiff = ${p.command}\n\tstatus = ${p.command}\n`,
    'core.sshCommand': `\tsshCommand = ${p.command}\n`,
    'diff.external': `[diff]\n\texternal = ${p.command}\n`,
    'filter clean/smudge from .gitattributes': `[filter "x"]\n\tclean = ${p.command}\n\tsmudge = ${p.command}\n\trequired = true\n`,
    'textconv from .gitattributes': `[diff "x"]\n\ttextconv = ${p.command}\n`,
    'include.path': `[include]\n\tpath = ${included}\n`,
    includeIf: `[includeIf "gitdir:/"]\n\tpath = ${included}\n`,
    alternates: '',
  };
}

const VECTOR_NAMES = [
  'core.fsmonitor',
  'core.hooksPath',
  'core.pager',
  'core.sshCommand',
  'diff.external',
  'filter clean/smudge from .gitattributes',
  'textconv from .gitattributes',
  'include.path',
  'includeIf',
  'alternates',
];

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'ran',
    (error: unknown) => error,
  );
}

describe('a worktree whose .git an agent redirected', () => {
  it.each(VECTOR_NAMES)('%s: every command refuses it and no payload runs', async (name) => {
    const { repo, base, wt, checkout } = await session();
    const p = payload();
    const config = vectors(p, wt.path)[name]!;
    writeFileSync(join(wt.path, '.gitattributes'), '* filter=x diff=x merge=x\n');
    redirectGitDir(repo, wt.path, base, config);
    const results = [
      await outcome(worktreeDiff(checkout, base)),
      await outcome(snapshotWorktree(checkout)),
      await outcome(commitWorktree(checkout, 'worker')),
      await outcome(git(checkout, ['status', '--porcelain'])),
    ];
    for (const result of results) {
      expect(result).toBeInstanceOf(WorktreeTampered);
      expect((result as Error).message).toContain(join(wt.path, '.evil'));
    }
    // A review goes on without a range (the session takes the security decision), running nothing.
    expect(await reviewRange(checkout, base)).toEqual({ base, head: 'worktree' });
    expect(existsSync(p.marker)).toBe(false);
  });

  it('refuses a .git turned into a repository folder, a symlink or removed', async () => {
    const { wt, checkout, base } = await session();
    rmSync(join(wt.path, '.git'));
    expect(await outcome(worktreeDiff(checkout, base))).toBeInstanceOf(WorktreeTampered);
    mkdirSync(join(wt.path, '.git'));
    expect(await outcome(worktreeDiff(checkout, base))).toBeInstanceOf(WorktreeTampered);
  });

  it('works as before on an untouched worktree, through the recorded git dir', async () => {
    const { wt, checkout, base } = await session();
    writeFileSync(join(wt.path, 'new.txt'), 'hello\n');
    const diff = await worktreeDiff(checkout, base);
    expect(diff.files.map((f) => f.path)).toEqual(['new.txt']);
    const top = await git(checkout, ['rev-parse', '--show-toplevel']);
    expect(top.stdout).toBe(wt.path);
  });
});

describe("config-driven programs in the repository's own config", () => {
  /** Planted in the repository's config (or its include), where no tamper check applies. */
  async function planted(config: Record<string, string>, attributes?: string) {
    const s = await session();
    for (const [key, value] of Object.entries(config)) sh(s.repo, 'config', key, value);
    if (attributes !== undefined) writeFileSync(join(s.wt.path, '.gitattributes'), attributes);
    writeFileSync(join(s.wt.path, 'a.txt'), 'changed by the agent\n');
    return s;
  }

  it('core.fsmonitor, also through include.path, never runs', async () => {
    const p = payload();
    const included = join(temp('orchestrator-include-'), 'config');
    writeFileSync(included, `[core]\n\tfsmonitor = ${p.command}\n`);
    const { repo, checkout, base } = await planted({ 'include.path': included });
    await worktreeDiff(checkout, base);
    await snapshotWorktree(checkout);
    await git(repo, ['status', '--porcelain']);
    expect(existsSync(p.marker)).toBe(false);
  });

  it('a filter the agent names in .gitattributes never runs, and the diff still shows the change', async () => {
    const p = payload();
    const { checkout, base } = await planted(
      {
        'filter.lfs-like.clean': p.command,
        'filter.lfs-like.smudge': p.command,
        'filter.lfs-like.required': 'true',
      },
      '*.txt filter=lfs-like\n',
    );
    const diff = await worktreeDiff(checkout, base);
    expect(diff.patch).toContain('+changed by the agent');
    await commitWorktree(checkout, 'worker');
    expect(existsSync(p.marker)).toBe(false);
  });

  it('a textconv or external diff the agent names in .gitattributes never runs', async () => {
    const p = payload();
    const { checkout, base } = await planted(
      { 'diff.x.textconv': p.command, 'diff.x.command': p.command, 'diff.external': p.command },
      '*.txt diff=x\n',
    );
    const diff = await worktreeDiff(checkout, base);
    expect(diff.patch).toContain('+changed by the agent');
    expect(existsSync(p.marker)).toBe(false);
  });

  it("hooks never run: worktree creation, the worker's commit, a merge into the user's branch", async () => {
    const p = payload();
    const hooks = temp('orchestrator-hooks-');
    for (const hook of [
      'post-checkout',
      'pre-commit',
      'post-commit',
      'reference-transaction',
      'post-merge',
    ]) {
      writeFileSync(join(hooks, hook), `#!/bin/sh\ntouch '${p.marker}'\n`);
      chmodSync(join(hooks, hook), 0o755);
    }
    const { repo, checkout, wt } = await planted({ 'core.hooksPath': hooks });
    await commitWorktree(checkout, 'worker');
    await mergeIntoUserBranch(repo, wt.branch);
    expect(existsSync(p.marker)).toBe(false);
  });

  it('a custom merge driver the agent names in .gitattributes never runs in the merge dry run', async () => {
    const p = payload();
    const { repo, checkout, wt } = await planted({ 'merge.x.driver': `${p.command} %A` }, '*.txt merge=x\n');
    await commitWorktree(checkout, 'worker');
    writeFileSync(join(repo, 'a.txt'), 'changed by the user\n');
    sh(repo, 'commit', '-qam', 'user change');
    // The dry run reads attributes from the person's checkout: the same entry there.
    writeFileSync(join(repo, '.gitattributes'), '*.txt merge=x\n');
    const check = await mergeCheck(repo, 'HEAD', wt.branch);
    expect(check.conflicts).toEqual(['a.txt']);
    expect(existsSync(p.marker)).toBe(false);
  });

  it('ignores GIT_* variables of the environment it runs in: config, git dir', async () => {
    const { repo, checkout, base } = await session();
    const p = payload();
    const other = scratchRepo();
    dirs.push(other);
    const planted = {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.fsmonitor',
      GIT_CONFIG_VALUE_0: p.command,
      GIT_DIR: join(other, '.git'),
    };
    const saved = Object.fromEntries(Object.keys(planted).map((k) => [k, process.env[k]]));
    Object.assign(process.env, planted);
    try {
      expect((await git(repo, ['rev-parse', '--show-toplevel'])).stdout).toBe(repo);
      await worktreeDiff(checkout, base);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect(existsSync(p.marker)).toBe(false);
  });
});
