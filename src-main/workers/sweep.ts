import { readdirSync, readFileSync } from 'node:fs';
/** Set in every worker's environment; inherited by everything it starts, even what leaves its group. */
export const SESSION_ENV = 'ORCHESTRATOR_SESSION_ID';

/**
 * Kills every process still carrying a session's marker in its environment: the workers of a session
 * whose orchestrator died (kill -9, power loss) and all they started. The environment survives setsid and
 * re-parenting to init, which pid files alone cannot follow.
 * Each marked process is killed by itself, so no group id has to be trusted. Returns the pids killed.
 */
export function killSessionProcesses(sessionId: string): number[] {
  const marker = `${SESSION_ENV}=${sessionId}`;
  const killed: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return killed;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue;
    }
    if (!environ.split('\0').includes(marker)) continue;
    const pid = Number(entry);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    killed.push(pid);
  }
  return killed;
}
