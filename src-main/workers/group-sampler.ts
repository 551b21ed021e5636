import { cpus } from 'node:os';
import { isLive, processTable, type ProcessEntry } from './process-table';

export interface GroupSample {
  processes: number;
  rssMb: number;
  /** CPU used since the previous sample, as a percentage of the whole machine (all cores). */
  cpuPercent: number;
}

/** A scan of the process table this recent is shared between the workers' samplers (they all tick once a second). */
const SHARED_SCAN_MS = 500;

let lastScan: { at: number; kind: string; byGroup: Map<number, ProcessEntry[]> } | null = null;

/**
 * Every live process of a process group. A scan at most `maxAgeMs` old is reused: every worker's watchdog
 * samples its group each second, and one pass over the table serves them all instead of one pass each
 * (16 workers: 16 reads of every process's stat per second, or 16 runs of ps).
 */
export function groupMembers(pgid: number, maxAgeMs = 0): ProcessEntry[] {
  const now = performance.now();
  const table = processTable();
  if (maxAgeMs <= 0 || !lastScan || lastScan.kind !== table.kind || now - lastScan.at > maxAgeMs) {
    const byGroup = new Map<number, ProcessEntry[]>();
    for (const entry of table.list()) {
      if (!isLive(entry)) continue;
      const members = byGroup.get(entry.pgid);
      if (members) members.push(entry);
      else byGroup.set(entry.pgid, [entry]);
    }
    lastScan = { at: now, kind: table.kind, byGroup };
  }
  return lastScan.byGroup.get(pgid) ?? [];
}

/**
 * Measures a worker's whole process group — the CLI, its shells, the test runs it starts — since a CLI's
 * own pid is often a thin wrapper (gemini) around the process that does the work.
 */
export class GroupSampler {
  private lastCpu = new Map<number, number>();
  private lastAt = performance.now();
  private readonly cores = Math.max(1, cpus().length);

  constructor(private readonly pgid: number) {}

  sample(): GroupSample {
    const now = performance.now();
    const members = groupMembers(this.pgid, SHARED_SCAN_MS);
    let deltaCpu = 0;
    let rssBytes = 0;
    const cpu = new Map<number, number>();
    for (const m of members) {
      cpu.set(m.pid, m.cpuSeconds);
      deltaCpu += m.cpuSeconds - (this.lastCpu.get(m.pid) ?? m.cpuSeconds);
      rssBytes += m.rssBytes;
    }
    const seconds = (now - this.lastAt) / 1000;
    this.lastCpu = cpu;
    this.lastAt = now;
    const cpuPercent = seconds > 0 ? (deltaCpu / seconds / this.cores) * 100 : 0;
    return { processes: members.length, rssMb: rssBytes / (1024 * 1024), cpuPercent };
  }
}
