import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLive, processTable } from '../workers/process-table';
import { writeJsonAtomic } from './write-json';

/** A process identified across pid reuse: its pid and the system's record of when it started. */
export interface ProcessIdentity {
  pid: number;
  /** Seconds since the epoch; null when it could not be read. Files of older versions lack it. */
  startedAt?: number | null;
}

export const identify = (pid: number): ProcessIdentity => ({
  pid,
  startedAt: processTable().get(pid)?.startedAt ?? null,
});

/**
 * The same process still runs: same pid and the same start time (a reused pid starts later). Within a
 * second, since ps reports whole seconds and /proc finer: a record written by one reads right with the other.
 */
export function stillRunning(identity: ProcessIdentity): boolean {
  const entry = processTable().get(identity.pid);
  if (!isLive(entry)) return false;
  const startedAt = identity.startedAt;
  return typeof startedAt !== 'number' || Math.abs(entry.startedAt - startedAt) < 1;
}

/** Which orchestrator process runs a session; a session whose owner is gone was interrupted. */
export const writeOwner = (folder: string): void =>
  writeJsonAtomic(join(folder, 'owner.json'), identify(process.pid));

export function readOwner(folder: string): ProcessIdentity | null {
  const path = join(folder, 'owner.json');
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ProcessIdentity;
  } catch {
    return null;
  }
}

/** A worker's process group leader, recorded at launch so a later start can sweep what a crash left. */
export const writeWorkerProcess = (workerFolder: string, pid: number): void =>
  writeJsonAtomic(join(workerFolder, 'process.json'), { ...identify(pid), pgid: pid });
