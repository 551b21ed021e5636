import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cutTornTail } from './torn-tail';
import { LINE_STEP, LineIndex } from './line-index';
import { LineSearcher } from './line-search';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'line-index-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What a reader of the whole file would say the lines are: split at LF, a CR before it dropped. */
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, i) =>
    i < lines.length - 1 || text.endsWith('\n') ? line.replace(/\r$/, '') : line,
  );
}

/** Lines of varied length and content: ASCII, multi-byte, CRLF, empty, ANSI. */
function sampleLines(count: number, seed = 1): string[] {
  let state = seed;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, (_, i) => {
    const kind = next() % 7;
    if (kind === 0) return '';
    if (kind === 1) return `{"n":${i},"text":"naïve café ${i} — ünïcödé"}`;
    if (kind === 2) return `\u001b[32mgreen ${i}\u001b[0m`;
    if (kind === 3) return `crlf line ${i}\r`;
    return `{"type":"assistant","n":${i},"pad":"${'x'.repeat(next() % 300)}"}`;
  });
}

async function allLines(index: LineIndex, page = 97): Promise<string[]> {
  const out: string[] = [];
  for (let first = 0; first < index.lineCount; first += page) out.push(...(await index.read(first, page)));
  return out;
}

describe('LineIndex', () => {
  it('reads any page exactly as a whole-file split would, CRLF endings dropped', async () => {
    const path = join(dir, 'raw.jsonl');
    const text = `${sampleLines(5_000).join('\n')}\n`;
    writeFileSync(path, text);
    const index = new LineIndex(path);
    await index.update();
    const expected = linesOf(text);
    expect(index.lineCount).toBe(expected.length);
    expect(await allLines(index)).toEqual(expected);
    for (const first of [0, 1, LINE_STEP - 1, LINE_STEP, LINE_STEP + 1, 2_500, 4_990, 4_999]) {
      expect(await index.read(first, 20)).toEqual(expected.slice(first, first + 20));
    }
    expect(await index.read(5_000, 10)).toEqual([]);
  });

  it('counts a torn last line as a line, and reads it whole once the rest arrives', async () => {
    const path = join(dir, 'raw.jsonl');
    writeFileSync(path, 'one\ntwo\nthr');
    const index = new LineIndex(path);
    await index.update();
    expect(index.lineCount).toBe(3);
    expect(index.completeLines).toBe(2);
    expect(await index.read(0, 10)).toEqual(['one', 'two', 'thr']);
    appendFileSync(path, 'ee\r\nfour\n');
    await index.update();
    expect(index.lineCount).toBe(4);
    expect(await index.read(2, 10)).toEqual(['three', 'four']);
  });

  it('grows with the file, scanning only what was appended', async () => {
    const path = join(dir, 'raw.jsonl');
    const lines = sampleLines(3_000, 7);
    writeFileSync(path, '');
    const index = new LineIndex(path);
    for (let i = 0; i < lines.length; i += 211) {
      appendFileSync(path, `${lines.slice(i, i + 211).join('\n')}\n`);
      await index.update();
      expect(index.lineCount).toBe(Math.min(lines.length, i + 211));
    }
    expect(await allLines(index, 500)).toEqual(linesOf(`${lines.join('\n')}\n`));
  });

  it('starts over when the file is replaced or cut shorter, and keeps a cut torn tail cheap', async () => {
    const path = join(dir, 'raw.jsonl');
    writeFileSync(path, 'a\nb\nc\nto');
    const index = new LineIndex(path);
    await index.update();
    const generation = index.generation;
    cutTornTail(path);
    await index.update();
    expect(index.lineCount).toBe(3);
    expect(index.generation).toBe(generation);

    truncateSync(path, 2);
    await index.update();
    expect(await index.read(0, 10)).toEqual(['a']);
    expect(index.generation).toBeGreaterThan(generation);

    const other = join(dir, 'other.jsonl');
    writeFileSync(other, 'x\ny\n');
    renameSync(other, path);
    await index.update();
    expect(await index.read(0, 10)).toEqual(['x', 'y']);
  });

  it('reads lines far longer than its buffers, and a missing or empty file as empty', async () => {
    const path = join(dir, 'raw.jsonl');
    const long = 'L'.repeat(300_000);
    writeFileSync(path, `short\n${long}\n${long}é\nend`);
    const index = new LineIndex(path);
    await index.update();
    expect(await index.read(1, 3)).toEqual([long, `${long}é`, 'end']);
    const missing = new LineIndex(join(dir, 'none.jsonl'));
    await missing.update();
    expect(missing.lineCount).toBe(0);
    expect(await missing.read(0, 10)).toEqual([]);
    writeFileSync(join(dir, 'empty.jsonl'), '');
    const empty = new LineIndex(join(dir, 'empty.jsonl'));
    await empty.update();
    expect(empty.lineCount).toBe(0);
  });

  it('indexes a file updated by two callers at once only once', async () => {
    const path = join(dir, 'raw.jsonl');
    writeFileSync(path, `${sampleLines(20_000, 3).join('\n')}\n`);
    const index = new LineIndex(path);
    await Promise.all([index.update(), index.update(), index.update()]);
    expect(index.lineCount).toBe(20_000);
    expect(await index.read(19_990, 20)).toHaveLength(10);
  });
});

describe('LineSearcher', () => {
  const naive = (lines: string[], query: string): number[] =>
    lines.flatMap((line, i) => (line.toLowerCase().includes(query.trim().toLowerCase()) ? [i] : []));

  it('finds the lines that contain the query in any case, as a plain filter would', async () => {
    const path = join(dir, 'raw.jsonl');
    const text = `${sampleLines(8_000, 11).join('\n')}\n`;
    writeFileSync(path, text);
    const lines = linesOf(text);
    const index = new LineIndex(path);
    const searcher = new LineSearcher();
    for (const query of [
      'GREEN',
      'crlf line 7',
      'ÜNÏCÖDÉ',
      'café 4',
      '"n":1',
      'x',
      'no such text',
      ' pad ',
    ]) {
      const found = await searcher.find(index, query, 0, 100_000);
      expect(found.lines, query).toEqual(naive(lines, query));
      expect(found.total).toBe(found.lines.length);
      expect(found.searched).toBe(lines.length);
    }
  });

  it('pages the matches and, as the file grows, searches only what is new', async () => {
    const path = join(dir, 'raw.jsonl');
    const lines = sampleLines(6_000, 5);
    writeFileSync(path, `${lines.slice(0, 4_000).join('\n')}\n`);
    const index = new LineIndex(path);
    const searcher = new LineSearcher();
    const all = naive(lines.slice(0, 4_000), 'green');
    const first = await searcher.find(index, 'green', 0, 10);
    expect(first.lines).toEqual(all.slice(0, 10));
    expect(first.total).toBe(all.length);
    const later = await searcher.find(index, 'green', all[10]! + 1, 10);
    expect(later.lines).toEqual(all.slice(11, 21));

    // A torn tail that matches counts, and is searched again once whole.
    appendFileSync(path, `${lines.slice(4_000).join('\n')}\nGREEN tail`);
    const grown = await searcher.find(index, 'green', 0, 100_000);
    expect(grown.lines).toEqual([...naive(lines, 'green'), 6_000]);
    appendFileSync(path, ' still green\nlast\n');
    const whole = await searcher.find(index, 'GREEN', 5_000, 100_000);
    expect(whole.lines).toEqual([...naive(lines, 'green').filter((l) => l >= 5_000), 6_000]);
    expect(whole.searched).toBe(6_002);
  });

  it('finds line numbers right across long gaps and long lines', async () => {
    const path = join(dir, 'raw.jsonl');
    const lines = Array.from({ length: 50_000 }, (_, i) =>
      i % 9_973 === 0 ? `needle ${i}` : i === 123 ? 'y'.repeat(5_000_000) : `hay ${i}`,
    );
    writeFileSync(path, `${lines.join('\n')}\n`);
    const index = new LineIndex(path);
    const found = await new LineSearcher().find(index, 'NEEDLE', 0, 100);
    expect(found.lines).toEqual(naive(lines, 'needle'));
  });
});
