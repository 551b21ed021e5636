import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src-shared/models';
import { fileTree } from './file-tree';
import { findingsElsewhere, findingsOn, placeFindings } from './findings-at-lines';

const finding = (file: string | undefined, line?: number): Finding => ({
  severity: 'medium',
  ...(file ? { file } : {}),
  ...(line !== undefined ? { line } : {}),
  message: `about ${file}:${line}`,
});

describe('findings placed at their lines', () => {
  it('puts a finding beside the line of the worker’s version it names, else at the top of the file', () => {
    const changes = [
      { key: 'D1', newLine: null },
      { key: 'I1', newLine: 1 },
      { key: 'N2', newLine: 2 },
    ];
    const onLine = finding('a.ts', 2);
    const outside = finding('a.ts', 40);
    const noLine = finding('a.ts');
    const placed = placeFindings([onLine, outside, noLine], changes);
    expect([...placed.atLine.entries()]).toEqual([['N2', [onLine]]]);
    expect(placed.onFile).toEqual([outside, noLine]);
  });

  it('keeps findings on files the diff does not list, and reads "./a.ts" as "a.ts"', () => {
    const mine = finding('./src/a.ts', 1);
    const other = finding('README.md', 1);
    const general = finding(undefined);
    expect(findingsOn([mine, other, general], 'src/a.ts')).toEqual([mine]);
    expect(findingsElsewhere([mine, other, general], ['src/a.ts'])).toEqual([other, general]);
  });
});

describe('the file tree', () => {
  it('groups files by folder with totals, folders first, and joins single-folder chains', () => {
    const root = fileTree([
      { path: 'README.md', added: 1, deleted: 0, binary: false },
      { path: 'src/api/limit.ts', added: 10, deleted: 2, binary: false },
      { path: 'src/api/limit.test.ts', added: 5, deleted: 0, binary: false },
      { path: 'docs/a/b/guide.md', added: 3, deleted: 1, binary: false },
    ]);
    expect(root.folders.map((f) => [f.name, f.added, f.deleted])).toEqual([
      ['docs/a/b', 3, 1],
      ['src/api', 15, 2],
    ]);
    expect(root.folders[1]!.files.map((f) => f.name)).toEqual(['limit.test.ts', 'limit.ts']);
    expect(root.files.map((f) => f.path)).toEqual(['README.md']);
    expect([root.added, root.deleted]).toEqual([19, 3]);
  });
});
