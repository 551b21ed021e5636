import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppendFile } from './append-file';
import { readJsonl } from './read-jsonl';

const dir = mkdtempSync(join(tmpdir(), 'orchestrator-append-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('AppendFile and readJsonl', () => {
  it('writes whole lines, user-only, and flushes queued lines before the next macrotask', async () => {
    const path = join(dir, 'a.jsonl');
    const file = new AppendFile(path);
    file.appendLine('{"n":1}');
    file.appendLine('{"n":2}');
    expect(readFileSync(path, 'utf8')).toBe('');
    await new Promise((r) => setImmediate(r));
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    file.close();
    expect(() => file.appendLine('x')).toThrow(/closed/);
  });

  it('with flushMs, writes the lines of a trickle together once the time is up, a megabyte at once', async () => {
    const path = join(dir, 'paced.jsonl');
    const file = new AppendFile(path, 0o600, undefined, { flushMs: 40 });
    file.appendLine('{"n":1}');
    await new Promise((r) => setTimeout(r, 5));
    file.appendLine('{"n":2}');
    await new Promise((r) => setImmediate(r));
    expect(readFileSync(path, 'utf8')).toBe('');
    await new Promise((r) => setTimeout(r, 60));
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    const big = 'x'.repeat(1 << 20);
    file.appendLine('{"n":3}');
    file.appendLine(big);
    await new Promise((r) => setImmediate(r));
    expect(readFileSync(path, 'utf8')).toBe(`{"n":1}\n{"n":2}\n{"n":3}\n${big}\n`);
    file.appendLine('{"n":4}');
    file.close();
    expect(readFileSync(path, 'utf8').endsWith('{"n":4}\n')).toBe(true);
    expect(file.lineCount).toBe(5);
  });

  it('stores lines given as bytes as they are, in order with lines given as text', async () => {
    const path = join(dir, 'bytes.jsonl');
    const file = new AppendFile(path);
    file.appendLine('{"n":1}');
    file.appendBytes([Buffer.from('{"n":2}\n{"n":'), Buffer.from('3,"s":"ü"}\n'), Buffer.alloc(0)], 2);
    file.appendLine('{"n":4}');
    await new Promise((r) => setImmediate(r));
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3,"s":"ü"}\n{"n":4}\n');
    expect(file.lineCount).toBe(4);
    file.close();
    expect(() => file.appendBytes([Buffer.from('x\n')], 1)).toThrow(/closed/);
  });

  it('skips a torn last line after a crash and keeps every whole line', () => {
    const path = join(dir, 'torn.jsonl');
    const file = new AppendFile(path);
    for (let n = 1; n <= 3; n++) file.appendLine(JSON.stringify({ n }));
    file.close();
    appendFileSync(path, '{"n":4,"payl');
    const read = readJsonl<{ n: number }>(path);
    expect(read.records.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(read.skipped).toBe(1);
    // A torn last line is expected after a crash: it is not damage.
    expect(read.damaged).toEqual([]);
  });

  it('names the lines damaged in the middle, and reads every line around them', () => {
    const path = join(dir, 'damaged.jsonl');
    writeFileSync(path, '{"n":1}\n###\n{"n":3}\n{"n":\n{"n":5}\n');
    const read = readJsonl<{ n: number }>(path);
    expect(read.records.map((r) => r.n)).toEqual([1, 3, 5]);
    expect(read.damaged).toEqual([2, 4]);
  });

  it('reads a missing file as empty', () => {
    expect(readJsonl(join(dir, 'none.jsonl'))).toEqual({ records: [], skipped: 0, damaged: [] });
  });
});
