import { execa } from 'execa';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonl } from './read-jsonl';
import type { StoreFault } from './append-file';

const dir = mkdtempSync(join(tmpdir(), 'orchestrator-append-fault-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hasPrlimit = process.platform === 'linux' && spawnSync('prlimit', ['--version']).status === 0;

/**
 * A process that appends with AppendFile after lowering its own RLIMIT_FSIZE: the kernel then cuts a write
 * short at the limit and fails the next one with EFBIG (Node ignores SIGXFSZ). The limit is set only once
 * the modules are loaded, so the loader's own cache files are not hit.
 */
const SCRIPT = `
import { execFileSync } from 'node:child_process';
import { AppendFile } from ${JSON.stringify(join(import.meta.dirname, 'append-file.ts'))};
const [path, limit] = process.argv.slice(2);
const faults = [];
const file = new AppendFile(path, 0o600, (fault) => faults.push(fault));
execFileSync('prlimit', ['--pid', String(process.pid), '--fsize=' + limit + ':']);
const tick = () => new Promise((resolve) => setImmediate(resolve));
for (let n = 1; n <= 50; n++) file.appendLine(JSON.stringify({ n, pad: 'x'.repeat(40) }));
await tick();
for (let n = 51; n <= 60; n++) file.appendLine(JSON.stringify({ n }));
await tick();
file.close();
process.stdout.write(JSON.stringify({ faults, lineCount: file.lineCount }));
`;

describe('AppendFile on a file that cannot grow (real EFBIG under RLIMIT_FSIZE)', () => {
  it('reports the fault once, throws nothing, and leaves whole lines and at most one torn last line', async (ctx) => {
    if (!hasPrlimit) ctx.skip('prlimit (util-linux) is not available on this machine');
    const script = join(dir, 'append.mts');
    writeFileSync(script, SCRIPT);
    const path = join(dir, 'limited.jsonl');
    // Not on a line boundary: the chunk of 50 lines is cut inside a line.
    const limit = 1000;
    const result = await execa(process.execPath, ['--import', 'tsx', script, path, String(limit)], {
      cwd: join(import.meta.dirname, '..', '..'),
      reject: false,
      stdin: 'ignore',
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const { faults, lineCount } = JSON.parse(String(result.stdout)) as {
      faults: StoreFault[];
      lineCount: number;
    };
    expect(faults).toEqual([{ path, code: 'EFBIG', message: expect.stringContaining('too large') }]);
    // Lines after the fault are counted (line numbers stay those the events name) but never written.
    expect(lineCount).toBe(60);

    const bytes = readFileSync(path);
    expect(bytes.length).toBe(limit);
    const read = readJsonl<{ n: number }>(path);
    expect(read.records.map((r) => r.n)).toEqual(read.records.map((_, i) => i + 1));
    expect(read.records.length).toBeGreaterThan(10);
    expect(read.skipped).toBe(1);
    expect(bytes.at(-1)).not.toBe(0x0a);
  });
});
