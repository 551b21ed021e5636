import { cpus } from 'node:os';
import { CLOCK_TICKS_PER_SEC, groupMembers, PAGE_SIZE } from './proc-stat';

export interface GroupSample {
  processes: number;
  rssMb: number;
  /** CPU used since the previous sample, as a percentage of the whole machine (all cores). */
  cpuPercent: number;
}

/** A /proc scan this recent is shared between the workers' samplers (they all tick once a second). */
const SHARED_SCAN_MS = 500;

/**
 * Measures a worker's whole process group from /proc — the CLI, its shells, the test runs it starts —
 * since a CLI's own pid is often a thin wrapper (gemini) around the process that does the work.
 */
export class GroupSampler {
  private lastTicks = new Map<number, number>();
  private lastAt = performance.now();
  private readonly cores = Math.max(1, cpus().length);

  constructor(private readonly pgid: number) {}

  sample(): GroupSample {
    const now = performance.now();
    const members = groupMembers(this.pgid, SHARED_SCAN_MS);
    let deltaTicks = 0;
    let rssPages = 0;
    const ticks = new Map<number, number>();
    for (const m of members) {
      ticks.set(m.pid, m.cpuTicks);
      deltaTicks += m.cpuTicks - (this.lastTicks.get(m.pid) ?? m.cpuTicks);
      rssPages += m.rssPages;
    }
    const seconds = (now - this.lastAt) / 1000;
    this.lastTicks = ticks;
    this.lastAt = now;
    const cpuPercent = seconds > 0 ? (deltaTicks / CLOCK_TICKS_PER_SEC / seconds / this.cores) * 100 : 0;
    return { processes: members.length, rssMb: (rssPages * PAGE_SIZE) / (1024 * 1024), cpuPercent };
  }
}
