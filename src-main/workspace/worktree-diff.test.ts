import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitOut, scratchRepo } from '../../test/scratch-repo';
import { worktreeDiff } from './worktree-diff';

const repos: string[] = [];
afterAll(() => repos.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('worktreeDiff', () => {
  it('includes committed, modified and untracked changes and leaves the index alone', async () => {
    const repo = scratchRepo();
    repos.push(repo);
    const base = gitOut(repo, 'rev-parse', 'HEAD');
    writeFileSync(join(repo, 'committed.txt'), 'one\n');
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'x', '--allow-empty'],
      { cwd: repo },
    );
    execFileSync('git', ['add', 'committed.txt'], { cwd: repo });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'add committed'], {
      cwd: repo,
    });
    writeFileSync(join(repo, 'README.md'), '# scratch project\nmore\n');
    writeFileSync(join(repo, 'untracked.md'), 'new\nfile\n');
    writeFileSync(join(repo, 'staged.bin'), Buffer.from([0, 1, 2, 3]));
    execFileSync('git', ['add', 'staged.bin'], { cwd: repo });
    const indexBefore = readFileSync(join(repo, '.git', 'index'));
    const statusBefore = gitOut(repo, 'status', '--porcelain');

    const diff = await worktreeDiff(repo, base);
    expect(diff.files).toEqual([
      { path: 'README.md', added: 1, deleted: 0, binary: false },
      { path: 'committed.txt', added: 1, deleted: 0, binary: false },
      { path: 'staged.bin', added: 0, deleted: 0, binary: true },
      { path: 'untracked.md', added: 2, deleted: 0, binary: false },
    ]);
    expect(diff.patch).toContain('+++ b/untracked.md');
    expect(diff.patch).toContain('+more');
    expect(readFileSync(join(repo, '.git', 'index'))).toEqual(indexBefore);
    expect(gitOut(repo, 'status', '--porcelain')).toBe(statusBefore);
  });
});
