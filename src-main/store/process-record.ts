import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readProcStat } from '../workers/proc-stat';
import { writeJsonAtomic } from './write-json';

/** A process identified across pid reuse: its pid and the kernel's record of when it started. */
export interface ProcessIdentity {
  pid: number;
  startTicks: number | null;
}

export const identify = (pid: number): ProcessIdentity => ({
  pid,
  startTicks: readProcStat(pid)?.startTicks ?? null,
});

/** The same process still runs: same pid and the same start time (a reused pid starts later). */
export function stillRunning(identity: ProcessIdentity): boolean {
  const stat = readProcStat(identity.pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return false;
  return identity.startTicks === null || stat.startTicks === identity.startTicks;
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
