import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchRepo } from '../../../test/scratch-repo';
import { sh } from '../../workspace/testing';
import { repoLayout } from './repo-layout';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function repoWith(files: string[]): { repo: string; head: string } {
  const repo = scratchRepo();
  dirs.push(repo);
  for (const file of files) {
    mkdirSync(join(repo, file, '..'), { recursive: true });
    writeFileSync(join(repo, file), `${file}\n`);
  }
  sh(repo, 'add', '.');
  sh(repo, 'commit', '-qm', 'files');
  return { repo, head: sh(repo, 'rev-parse', 'HEAD') };
}

describe('repoLayout', () => {
  it('shows the top level and one level down of the commit, not deeper and not uncommitted files', async () => {
    const { repo, head } = repoWith(['src/index.ts', 'src/cli/main.ts', 'docs/guide.md', 'package.json']);
    writeFileSync(join(repo, 'uncommitted.txt'), 'x\n');
    expect(await repoLayout(repo, head)).toBe(
      ['README.md', 'docs/', '  guide.md', 'package.json', 'src/', '  cli/', '  index.ts'].join('\n'),
    );
  });

  it('caps folders and the whole listing', async () => {
    const many = Array.from({ length: 30 }, (_, i) => `lib/f${String(i).padStart(2, '0')}.ts`);
    const { repo, head } = repoWith(many);
    const layout = await repoLayout(repo, head, { maxPerFolder: 5 });
    expect(layout.split('\n')).toEqual([
      'README.md',
      'lib/',
      '  f00.ts',
      '  f01.ts',
      '  f02.ts',
      '  f03.ts',
      '  f04.ts',
      '  … 25 more',
    ]);
    const short = await repoLayout(repo, head, { maxLines: 3 });
    expect(short.split('\n')).toEqual(['README.md', 'lib/', '  f00.ts', '… 15 more lines not shown']);
  });

  it('says so outside git or for a bad commit', async () => {
    const { repo } = repoWith(['x.txt']);
    expect(await repoLayout(repo, null)).toMatch(/not a git repository/);
    expect(await repoLayout(repo, 'f'.repeat(40))).toMatch(/^\(layout unavailable: /);
  });
});
