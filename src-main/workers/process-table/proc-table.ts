import { readdirSync, readFileSync } from 'node:fs';
import type { ProcessEntry, ProcessTable } from './types';

/** Linux reports times in USER_HZ, which is 100 on every mainstream kernel build. */
const CLOCK_TICKS_PER_SEC = 100;
const PAGE_SIZE = 4096;

let bootTime: number | null = null;

/** Seconds since the epoch at boot (btime of /proc/stat): process start times are counted from it. */
function bootSeconds(): number {
  if (bootTime === null) {
    try {
      const match = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
      bootTime = match ? Number(match[1]) : 0;
    } catch {
      bootTime = 0;
    }
  }
  return bootTime;
}

/** /proc/<pid>/stat parsed; null when the process is gone. */
function readStat(pid: number): ProcessEntry | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may contain spaces and parentheses; fields resume after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const num = (i: number) => Number(fields[i - 3]);
  return {
    pid,
    ppid: num(4),
    pgid: num(5),
    state: fields[0] ?? '?',
    cpuSeconds: (num(14) + num(15)) / CLOCK_TICKS_PER_SEC,
    rssBytes: num(24) * PAGE_SIZE,
    startedAt: bootSeconds() + num(22) / CLOCK_TICKS_PER_SEC,
  };
}

function pids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number);
  } catch {
    return [];
  }
}

/** Linux: /proc read directly — no process to spawn, and environments are visible. */
export const procTable: ProcessTable = {
  kind: 'proc',
  list: () => pids().flatMap((pid) => readStat(pid) ?? []),
  get: readStat,
  withEnv(entry) {
    const found: number[] = [];
    for (const pid of pids()) {
      if (pid === process.pid) continue;
      let environ: string;
      try {
        environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      } catch {
        continue;
      }
      if (environ.split('\0').includes(entry)) found.push(pid);
    }
    return found;
  },
};
