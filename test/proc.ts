import { afterAll, beforeAll } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Whether a pid is a live process, from /proc/<pid>/stat: kill(pid, 0) also succeeds for zombies, which
 * are already dead.
 */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The process state letter (R, S, T for stopped…) or null when gone. */
export function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Every live process whose environment carries the session's marker (ORCHESTRATOR_SESSION_ID): all a
 * session's workers started, those that left their process group included. Read from /proc directly, as
 * the ground truth whichever process table the code under test uses.
 */
export function markedProcesses(sessionId: string): number[] {
  const marker = `ORCHESTRATOR_SESSION_ID=${sessionId}`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker) && isAlive(pid);
      } catch {
        return false;
      }
    });
}

/** The process tables the supervision suites run against (see src-main/workers/process-table). */
export const PROCESS_TABLES = ['proc', 'ps'] as const;

/** Selects a process table for the tests of the enclosing describe, as ORCHESTRATOR_PROCESS_TABLE does. */
export function useProcessTable(kind: (typeof PROCESS_TABLES)[number]): void {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.ORCHESTRATOR_PROCESS_TABLE;
    process.env.ORCHESTRATOR_PROCESS_TABLE = kind;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.ORCHESTRATOR_PROCESS_TABLE;
    else process.env.ORCHESTRATOR_PROCESS_TABLE = saved;
  });
}

/**
 * One line per pid — state, parent, group and command line — for a failure message: which processes are
 * left says more than "timed out".
 */
export function describeProcesses(pids: number[]): string {
  return pids
    .map((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
        return `${pid} state=${state} ppid=${ppid} pgid=${pgid}: ${argv}`;
      } catch {
        return `${pid}: gone`;
      }
    })
    .join('\n');
}
