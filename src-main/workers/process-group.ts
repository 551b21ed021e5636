/**
 * Signal a worker's whole process group: CLIs spawn grandchildren (shells, the gemini wrapper's real
 * process) that a signal to the direct child never reaches. Workers are spawned detached, so the group id
 * is the child's pid. Deliberately no fallback to the bare pid: after the group is gone that pid may
 * belong to an unrelated process.
 */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
