import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchRepo } from '../../test/scratch-repo';
import { sh } from './testing';
import { addWorktree, isTransientGitError, workerBranch } from './worktrees';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(sessionId = 's1') {
  const repo = scratchRepo();
  const workspace = mkdtempSync(join(tmpdir(), 'orchestrator-ws-'));
  dirs.push(repo, workspace);
  const folder = join(workspace, sessionId);
  mkdirSync(folder);
  return { repo, workspace, folder, base: sh(repo, 'rev-parse', 'HEAD') };
}

describe('addWorktree', () => {
  it("starts from the base commit and carries none of the user's uncommitted changes over", async () => {
    const { repo, folder, base } = setup();
    writeFileSync(join(repo, 'README.md'), '# changed by the user, not committed\n');
    writeFileSync(join(repo, 'staged.txt'), 'staged\n');
    sh(repo, 'add', 'staged.txt');
    writeFileSync(join(repo, 'notes.txt'), 'untracked\n');

    const wt = await addWorktree(repo, folder, 's1', 'claude', base);
    expect(wt).toEqual({
      path: join(folder, 'worktrees', 'claude'),
      branch: 'orchestrator/s1/claude',
      copied: [],
    });
    expect(sh(wt.path, 'rev-parse', 'HEAD')).toBe(base);
    expect(sh(wt.path, 'symbolic-ref', 'HEAD')).toBe('refs/heads/orchestrator/s1/claude');
    expect(readFileSync(join(wt.path, 'README.md'), 'utf8')).toBe('# scratch project\n');
    expect(existsSync(join(wt.path, 'staged.txt'))).toBe(false);
    expect(existsSync(join(wt.path, 'notes.txt'))).toBe(false);
    expect(sh(wt.path, 'status', '--porcelain')).toBe('');
  });

  it('copies the listed git-ignored files only, keeping modes and symlinks', async () => {
    const { repo, folder, base } = setup();
    writeFileSync(join(repo, '.gitignore'), '.env\n*.local.json\nlink.env\n');
    sh(repo, 'add', '.gitignore');
    sh(repo, 'commit', '-qm', 'ignore');
    const head = sh(repo, 'rev-parse', 'HEAD');
    writeFileSync(join(repo, '.env'), 'SECRET=1\n');
    chmodSync(join(repo, '.env'), 0o600);
    mkdirSync(join(repo, 'config'));
    writeFileSync(join(repo, 'config', 'db.local.json'), '{}\n');
    writeFileSync(join(repo, 'config', 'other.local.json.txt'), 'not ignored, not copied\n');
    symlinkSync('.env', join(repo, 'link.env'));
    writeFileSync(join(repo, 'untracked.env.txt'), 'untracked, not ignored\n');

    const wt = await addWorktree(repo, folder, 's1', 'codex', head, {
      copy: [
        '.env',
        'config/*.json',
        'link.env',
        'untracked.env.txt',
        'config/other.local.json.txt',
        'missing.env',
      ],
    });
    expect(wt.copied.sort()).toEqual(['.env', 'config/db.local.json', 'link.env']);
    expect(readFileSync(join(wt.path, '.env'), 'utf8')).toBe('SECRET=1\n');
    expect(statSync(join(wt.path, '.env')).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(wt.path, 'link.env')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(wt.path, 'link.env'))).toBe('.env');
    expect(existsSync(join(wt.path, 'untracked.env.txt'))).toBe(false);
    expect(existsSync(join(wt.path, 'config', 'other.local.json.txt'))).toBe(false);
    // Ignored in the worktree too: copied secrets never show up in a diff or a commit.
    expect(sh(wt.path, 'status', '--porcelain')).toBe('');
    expect(base).not.toBe(head);
  });

  it('refuses copy entries that point outside the repository, and creates nothing', async () => {
    const { repo, folder, base } = setup();
    for (const entry of ['../secret', '/etc/passwd', 'a/../../b', ':(top)x', '']) {
      await expect(addWorktree(repo, folder, 's1', 'claude', base, { copy: [entry] })).rejects.toThrow(
        /worktreeCopy entry/,
      );
      expect(existsSync(join(folder, 'worktrees', 'claude'))).toBe(false);
      expect(sh(repo, 'branch', '--list', 'orchestrator/*')).toBe('');
    }
  });

  it('never copies through a folder that is a symlink out of the worktree', async () => {
    const { repo, folder } = setup();
    const outside = mkdtempSync(join(tmpdir(), 'orchestrator-outside-'));
    dirs.push(outside);
    symlinkSync(outside, join(repo, 'cfg'));
    sh(repo, 'add', 'cfg');
    sh(repo, 'commit', '-qm', 'cfg was a symlink');
    const old = sh(repo, 'rev-parse', 'HEAD');
    sh(repo, 'rm', '-q', 'cfg');
    mkdirSync(join(repo, 'cfg'));
    writeFileSync(join(repo, 'cfg', 'keep.txt'), 'tracked\n');
    writeFileSync(join(repo, '.gitignore'), 'cfg/.env\n');
    sh(repo, 'add', '.');
    sh(repo, 'commit', '-qm', 'cfg is a folder now');
    writeFileSync(join(repo, 'cfg', '.env'), 'SECRET=2\n');

    await expect(addWorktree(repo, folder, 's1', 'gemini', old, { copy: ['cfg/.env'] })).rejects.toThrow(
      /leads outside the worktree/,
    );
    expect(existsSync(join(outside, '.env'))).toBe(false);
    // A half-prepared worktree is removed with its branch.
    expect(existsSync(join(folder, 'worktrees', 'gemini'))).toBe(false);
    expect(sh(repo, 'branch', '--list', 'orchestrator/*')).toBe('');
  });

  it('creates many worktrees in parallel in one repository without failing on git locks', async () => {
    const { repo, workspace, base } = setup('a');
    const sessions = ['a', 'b', 'c', 'd'];
    for (const s of sessions.slice(1)) mkdirSync(join(workspace, s));
    const all = await Promise.all(
      sessions.flatMap((s) =>
        ['claude', 'codex', 'gemini'].map((w) => addWorktree(repo, join(workspace, s), s, w, base)),
      ),
    );
    expect(all).toHaveLength(12);
    expect(sh(repo, 'worktree', 'list').split('\n')).toHaveLength(13);
    for (const wt of all) expect(sh(wt.path, 'rev-parse', 'HEAD')).toBe(base);
  });

  it("retries while another process holds the branch's ref lock", async () => {
    const { repo, folder, base } = setup();
    const lockDir = join(repo, '.git', 'refs', 'heads', 'orchestrator', 's1');
    mkdirSync(lockDir, { recursive: true });
    writeFileSync(join(lockDir, 'claude.lock'), '');
    setTimeout(() => rmSync(join(lockDir, 'claude.lock')), 250);
    const wt = await addWorktree(repo, folder, 's1', 'claude', base, { attempts: 8, retryDelayMs: 50 });
    expect(sh(wt.path, 'rev-parse', 'HEAD')).toBe(base);
  });

  it('gives up with git’s lock message when the lock stays, creating nothing', async () => {
    const { repo, folder, base } = setup();
    const lockDir = join(repo, '.git', 'refs', 'heads', 'orchestrator', 's1');
    mkdirSync(lockDir, { recursive: true });
    writeFileSync(join(lockDir, 'claude.lock'), '');
    await expect(
      addWorktree(repo, folder, 's1', 'claude', base, { attempts: 2, retryDelayMs: 10 }),
    ).rejects.toThrow(/claude\.lock/);
    expect(existsSync(join(folder, 'worktrees', 'claude'))).toBe(false);
    expect(sh(repo, 'branch', '--list', 'orchestrator/*')).toBe('');
  });

  it('finishes with the branch an interrupted try left behind', async () => {
    const { repo, folder, base } = setup();
    // A file where git keeps worktree records: the branch gets created, then the add fails.
    writeFileSync(join(repo, '.git', 'worktrees'), '');
    setTimeout(() => rmSync(join(repo, '.git', 'worktrees')), 250);
    const wt = await addWorktree(repo, folder, 's1', 'claude', base, { attempts: 8, retryDelayMs: 50 });
    expect(sh(wt.path, 'symbolic-ref', 'HEAD')).toBe('refs/heads/orchestrator/s1/claude');
    expect(sh(repo, 'rev-parse', 'orchestrator/s1/claude')).toBe(base);
  });

  it('never reuses or moves a branch that already exists, nor an existing path', async () => {
    const { repo, folder, base } = setup();
    writeFileSync(join(repo, 'x.txt'), 'x\n');
    sh(repo, 'add', 'x.txt');
    sh(repo, 'commit', '-qm', 'x');
    const later = sh(repo, 'rev-parse', 'HEAD');
    sh(repo, 'branch', workerBranch('s1', 'claude'), later);
    await expect(addWorktree(repo, folder, 's1', 'claude', base)).rejects.toThrow(/already exists/);
    expect(sh(repo, 'rev-parse', 'orchestrator/s1/claude')).toBe(later);

    mkdirSync(join(folder, 'worktrees', 'codex'), { recursive: true });
    writeFileSync(join(folder, 'worktrees', 'codex', 'mine.txt'), 'keep\n');
    await expect(addWorktree(repo, folder, 's1', 'codex', base)).rejects.toThrow(/already exists/);
    expect(readFileSync(join(folder, 'worktrees', 'codex', 'mine.txt'), 'utf8')).toBe('keep\n');
  });

  it('refuses worker ids that would escape the worktrees folder', async () => {
    const { repo, folder, base } = setup();
    await expect(addWorktree(repo, folder, 's1', '../evil', base)).rejects.toThrow(/cannot name/);
    await expect(addWorktree(repo, folder, 's1', 'a/b', base)).rejects.toThrow(/cannot name/);
  });
});

describe('isTransientGitError', () => {
  it('knows lock and parallel-add failures from real ones', () => {
    expect(isTransientGitError("fatal: Unable to create '/r/.git/index.lock': File exists.")).toBe(true);
    expect(
      isTransientGitError("fatal: cannot lock ref 'refs/heads/x': Unable to create 'x.lock': File exists."),
    ).toBe(true);
    expect(isTransientGitError('fatal: failed to read .git/worktrees/claude13/commondir: Success')).toBe(
      true,
    );
    expect(isTransientGitError('fatal: invalid reference: deadbeef')).toBe(false);
    expect(isTransientGitError("fatal: '/x' already exists")).toBe(false);
  });
});
