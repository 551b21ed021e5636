import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Figures each section must have, and the bench module(s) that provide them (BENCHMARKS.md). */
const SECTIONS: Record<string, Record<string, string>> = {
  ingest: { linesPerSec: 'ingest', parseLimitLinesPerSec: 'ingest', naiveLinesPerSec: 'ingest' },
  latency: { p99Ms: 'latency' },
  memory: { rssGrowthMb: 'memory-main', rendererGrowthMb: 'memory-renderer' },
  ui: { firstPaintMs: 'ui', scrollFps: 'ui', searchMs: 'ui' },
  scale: { cpuPctOfOneCore: 'scale', startOverheadMs: 'scale' },
  serve: { sseIdleRssGrowthMb: 'sse-idle', sseIdleSlowdownPct: 'sse-idle' },
};

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, 'bench/run.ts', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench -- --quick --json (CI smoke: the benchmarks run; figures are not judged)', () => {
  it('prints one JSON object with a finite number for every figure whose benchmark exists', async () => {
    const { code, stdout, stderr } = await runBench(['--quick', '--json']);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as Record<string, Record<string, unknown>>;
    expect(Object.keys(report).sort()).toEqual([
      'ingest',
      'latency',
      'machine',
      'memory',
      'scale',
      'serve',
      'ui',
    ]);
    expect(report.machine!.cores).toSatisfy(Number.isInteger);
    expect(report.machine!.node).toBe(process.version);
    for (const [section, figures] of Object.entries(SECTIONS)) {
      for (const [figure, bench] of Object.entries(figures)) {
        const value = report[section]![figure];
        if (existsSync(join(root, 'bench', `${bench}.ts`))) {
          expect(value, `${section}.${figure}`).toSatisfy(Number.isFinite);
        } else {
          expect(value, `${section}.${figure} (bench/${bench}.ts not there)`).toBeNull();
        }
      }
      for (const [figure, value] of Object.entries(report[section]!)) {
        expect(value === null || Number.isFinite(value), `${section}.${figure} = ${String(value)}`).toBe(
          true,
        );
      }
    }
  }, 180_000);

  it('refuses an unknown option or benchmark name with exit code 2 or 1 and a message', async () => {
    const bad = await runBench(['--fast']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown option --fast');
    const unknown = await runBench(['--only', 'nope', '--json']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('unknown benchmark "nope"');
  }, 60_000);
});
