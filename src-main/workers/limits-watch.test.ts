import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LimitsWatch, type LimitHit, type WorkerLimits } from './limits-watch';
import { signalGroup } from './process-group';
import { PROCESS_TABLES, useProcessTable } from '../../test/proc';

const hog = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'processes', 'hog.mjs');
const generous: WorkerLimits = {
  maxRuntimeSec: 3600,
  idleTimeoutSec: 3600,
  memoryMb: 100_000,
  cpuPercent: 100,
  cpuWindowSec: 3600,
};
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.pid && signalGroup(c.pid, 'SIGKILL')));

function start(...args: string[]): number {
  const child = spawn(process.execPath, [hog, ...args], { detached: true, stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

function watch(pid: number, limits: Partial<WorkerLimits>): Promise<{ hit: LimitHit; watch: LimitsWatch }> {
  return new Promise((resolve) => {
    const w: LimitsWatch = new LimitsWatch(
      pid,
      { ...generous, ...limits },
      (hit) => resolve({ hit, watch: w }),
      100,
    );
    w.start();
  });
}

describe.each(PROCESS_TABLES)('LimitsWatch on real processes, %s process table', (table) => {
  useProcessTable(table);

  it('measures the resident memory of the group and reports the figure', async () => {
    const pid = start('memory', '150');
    const { hit } = await watch(pid, { memoryMb: 100 });
    expect(hit.limit).toBe('memory');
    expect(hit.figure).toBeGreaterThan(100);
    expect(hit.message).toMatch(/uses \d+(\.\d)? MB of memory, over the 100 MB limit/);
  });

  it('reports sustained CPU use over the window', async () => {
    const pid = start('cpu');
    const { hit } = await watch(pid, { cpuPercent: 10, cpuWindowSec: 1 });
    expect(hit.limit).toBe('cpu');
    expect(hit.figure).toBeGreaterThan(10);
  });

  it('reports silence, and paused time does not count', async () => {
    const pid = start('memory', '1');
    const w = new LimitsWatch(pid, { ...generous, idleTimeoutSec: 1 }, () => hits.push('idle'), 50);
    const hits: string[] = [];
    w.setPaused(true);
    w.start();
    await new Promise((r) => setTimeout(r, 1300));
    expect(hits).toEqual([]);
    w.setPaused(false);
    await new Promise((r) => setTimeout(r, 600));
    w.activity();
    await new Promise((r) => setTimeout(r, 600));
    expect(hits).toEqual([]);
    await new Promise((r) => setTimeout(r, 700));
    expect(hits).toEqual(['idle']);
    w.stop();
  });
});
