/** One process as the operating system reports it. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  /** The state letter: R running, S sleeping, T stopped, Z zombie… (first letter of ps's STAT). */
  state: string;
  /** User + system CPU time used so far. */
  cpuSeconds: number;
  rssBytes: number;
  /**
   * When it started, in seconds since the epoch (whole seconds from ps): with the pid, identifies a process
   * across pid reuse.
   */
  startedAt: number;
}

/**
 * The machine's process table, read one way per platform: everything that supervises workers (limits,
 * the stop of a worker, the watchdog's sweep after a crash, "is its orchestrator still running") goes
 * through it, so none of it silently does nothing where /proc does not exist.
 */
export interface ProcessTable {
  readonly kind: ProcessTableKind;
  /** Every process of the machine, zombies included (see isLive). */
  list(): ProcessEntry[];
  /** One process, or null when there is none with that pid. */
  get(pid: number): ProcessEntry | null;
  /** The pids of the processes whose environment holds `entry` ("NAME=value"), the caller excluded. */
  withEnv(entry: string): number[];
}

export type ProcessTableKind = 'proc' | 'ps';

/** A live process: zombies (Z) and dead (X) entries do not count, unlike kill(pid, 0). */
export const isLive = (entry: ProcessEntry | null): entry is ProcessEntry =>
  entry !== null && entry.state !== 'Z' && entry.state !== 'X';
