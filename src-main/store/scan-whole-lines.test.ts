import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanWholeLines } from './scan-whole-lines';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scan-whole-lines-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Chunk {
  at: number;
  text: string;
}

/** Every chunk handed over, copied: the scanner reuses its buffer for the next read. */
async function scan(path: string, from: number, to: number, chunkSize: number): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  await scanWholeLines(path, from, to, (lines, at) => chunks.push({ at, text: lines.toString() }), chunkSize);
  return chunks;
}

describe('scanWholeLines', () => {
  it('hands over every whole line of the range once, in order, in chunks of whole lines at their offsets', async () => {
    const path = join(dir, 'log');
    const text = Array.from({ length: 40 }, (_, i) => `line ${i}\n`).join('');
    writeFileSync(path, text);
    const chunks = await scan(path, 0, text.length, 32);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(32);
      expect(chunk.text.endsWith('\n')).toBe(true);
      expect(text.slice(chunk.at, chunk.at + chunk.text.length)).toBe(chunk.text);
    }
  });

  it('reads a line longer than a chunk whole, with a bigger buffer', async () => {
    const path = join(dir, 'log');
    const long = `${'x'.repeat(100)}\n`;
    const text = `a\n${long}b\n`;
    writeFileSync(path, text);
    expect(await scan(path, 0, text.length, 8)).toEqual([
      { at: 0, text: 'a\n' },
      { at: 2, text: `${long}b\n` },
    ]);
  });

  it('reads only the range, from a line start mid-file to a line end before the unfinished last line', async () => {
    const path = join(dir, 'log');
    writeFileSync(path, 'first\nsecond\nthird\nunfinish');
    const chunks = await scan(path, 'first\n'.length, 'first\nsecond\nthird\n'.length, 64);
    expect(chunks).toEqual([{ at: 6, text: 'second\nthird\n' }]);
  });

  it('stops where the file ends when it is shorter than the range', async () => {
    const path = join(dir, 'log');
    writeFileSync(path, 'one\ntwo\n');
    expect(await scan(path, 0, 1000, 4)).toEqual([
      { at: 0, text: 'one\n' },
      { at: 4, text: 'two\n' },
    ]);
  });

  it('reads nothing, not even opening the file, for an empty range', async () => {
    expect(await scan(join(dir, 'missing'), 5, 5, 64)).toEqual([]);
    await expect(scan(join(dir, 'missing'), 0, 5, 64)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
