import { processTable } from './process-table';

/** Set in every worker's environment; inherited by everything it starts, even what leaves its group. */
export const SESSION_ENV = 'ORCHESTRATOR_SESSION_ID';
/** Set in the environment of one launch of one CLI: what its stop kills beyond its process group. */
export const RUN_ENV = 'ORCHESTRATOR_RUN_ID';

/**
 * SIGKILL to every process whose environment holds `entry` ("NAME=value"). The environment survives setsid
 * and re-parenting to init, which a process group or a pid file cannot follow. Each process is killed by
 * itself, so no group id has to be trusted. Returns the pids killed.
 */
export function killMarked(entry: string): number[] {
  const killed: number[] = [];
  for (const pid of processTable().withEnv(entry)) {
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // Already gone.
    }
  }
  return killed;
}

/**
 * Kills every process still carrying a session's marker: the workers of a session whose orchestrator died
 * (kill -9, power loss) and all they started.
 */
export const killSessionProcesses = (sessionId: string): number[] =>
  killMarked(`${SESSION_ENV}=${sessionId}`);
