import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { identify, stillRunning } from '../../store/process-record';
import { isAlive, waitFor } from '../../../test/proc';
import { procTable } from './proc-table';
import { parseCpuTime, parsePsLine, psTable } from './ps-table';
import { PROCESS_TABLE_ENV, processTable, type ProcessTable } from '.';

const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.pid && isAlive(c.pid) && process.kill(c.pid, 'SIGKILL')));

/** A process that left this one's group and session (setsid), carrying `marker` in its environment. */
function escapee(marker: string): number {
  const [name, value] = marker.split('=') as [string, string];
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, [name]: value },
  });
  children.push(child);
  return child.pid!;
}

describe.each([procTable, psTable])('the $kind process table', (table: ProcessTable) => {
  it('reads this process as the kernel has it: parent, group, start time, memory', () => {
    const me = table.get(process.pid);
    expect(me).toMatchObject({
      pid: process.pid,
      ppid: process.ppid,
      state: expect.stringMatching(/^[RS]$/),
    });
    expect(me!.pgid).toBe(procTable.get(process.pid)!.pgid);
    expect(Math.abs(me!.startedAt - procTable.get(process.pid)!.startedAt)).toBeLessThan(1);
    expect(me!.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(table.list().some((entry) => entry.pid === process.pid)).toBe(true);
    expect(table.get(2 ** 22 + 1)).toBeNull();
  });

  it('finds a process by the marker in its environment after it left the group', async () => {
    const marker = `ORCHESTRATOR_RUN_ID=table-${table.kind}-${process.pid}`;
    const pid = escapee(marker);
    await waitFor(() => table.withEnv(marker).length > 0);
    expect(table.withEnv(marker)).toEqual([pid]);
    expect(table.get(pid)!.pgid).toBe(pid);
    expect(table.withEnv(`${marker}-other`)).toEqual([]);
  });

  it('tells a running process from a gone one and from a reused pid', async () => {
    const saved = process.env[PROCESS_TABLE_ENV];
    process.env[PROCESS_TABLE_ENV] = table.kind;
    try {
      expect(processTable()).toBe(table);
      const pid = escapee(`ORCHESTRATOR_RUN_ID=alive-${table.kind}`);
      const identity = identify(pid);
      expect(stillRunning(identity)).toBe(true);
      // The same pid, started a minute earlier: another process that got the pid.
      expect(stillRunning({ pid, startedAt: identity.startedAt! - 60 })).toBe(false);
      process.kill(pid, 'SIGKILL');
      await waitFor(() => !stillRunning(identity));
    } finally {
      if (saved === undefined) delete process.env[PROCESS_TABLE_ENV];
      else process.env[PROCESS_TABLE_ENV] = saved;
    }
  });
});

describe('ps output', () => {
  it('reads Linux and macOS lines alike: days in CPU time, hundredths, a multi-word start', () => {
    expect(parseCpuTime('1-02:03:04')).toBe(93_784);
    expect(parseCpuTime('00:00:03')).toBe(3);
    expect(parseCpuTime('3:04.50')).toBeCloseTo(184.5);
    expect(parsePsLine('  812   1   812 Ss+   20480   0:01.25 Mon Dec  7 21:40:53 2026')).toEqual({
      pid: 812,
      ppid: 1,
      pgid: 812,
      state: 'S',
      cpuSeconds: 1.25,
      rssBytes: 20480 * 1024,
      startedAt: new Date(2026, 11, 7, 21, 40, 53).getTime() / 1000,
    });
    expect(parsePsLine('not a ps line')).toBeNull();
  });
});
