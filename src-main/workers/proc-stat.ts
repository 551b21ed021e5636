import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  state: string;
  pgrp: number;
  /** user + system CPU time, in clock ticks. */
  cpuTicks: number;
  /** Start time after boot, in clock ticks: with the pid, identifies a process across pid reuse. */
  startTicks: number;
  rssPages: number;
}

/** Linux reports times in USER_HZ, which is 100 on every mainstream kernel build. */
export const CLOCK_TICKS_PER_SEC = 100;
export const PAGE_SIZE = 4096;

/** /proc/<pid>/stat parsed; null when the process is gone (or not Linux). */
export function readProcStat(pid: number): ProcStat | null {
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
    state: fields[0] ?? '?',
    pgrp: num(5),
    cpuTicks: num(14) + num(15),
    startTicks: num(22),
    rssPages: num(24),
  };
}

/** A live process: zombies (Z) and dead (X) entries do not count, unlike kill(pid, 0). */
export const isLive = (stat: ProcStat | null): stat is ProcStat =>
  stat !== null && stat.state !== 'Z' && stat.state !== 'X';

let lastScan: { at: number; byGroup: Map<number, ProcStat[]> } | null = null;

/** Every live process of the machine by process group: one pass over /proc. */
function scanGroups(): Map<number, ProcStat[]> {
  const byGroup = new Map<number, ProcStat[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return byGroup;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (!isLive(stat)) continue;
    const members = byGroup.get(stat.pgrp);
    if (members) members.push(stat);
    else byGroup.set(stat.pgrp, [stat]);
  }
  return byGroup;
}

/**
 * Every live process of a process group, found by scanning /proc. A scan at most `maxAgeMs` old is reused:
 * every worker's watchdog samples its group each second, and one pass over /proc serves them all instead
 * of one pass each (16 workers: 16 reads of every process's stat per second).
 */
export function groupMembers(pgid: number, maxAgeMs = 0): ProcStat[] {
  const now = performance.now();
  if (maxAgeMs <= 0 || !lastScan || now - lastScan.at > maxAgeMs) {
    lastScan = { at: now, byGroup: scanGroups() };
  }
  return lastScan.byGroup.get(pgid) ?? [];
}
