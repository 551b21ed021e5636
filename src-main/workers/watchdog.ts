import { spawn } from 'node:child_process';

/** The name the watchdogs run under (their $0): what `ps` shows for them. */
export const WATCHDOG_NAME = 'orchestrator-watchdog';

/** ps's flag to show environments (see process-table/ps-table.ts), for the watchdog's search. */
const ENV_FLAG = process.platform === 'linux' ? 'e' : process.platform === 'darwin' ? '-E' : '-e';

/**
 * Waits for end of file on stdin — the orchestrator closed it or died (kill -9, crash: the kernel closes
 * its end) — then kills the worker's process group and every process whose environment holds the run's
 * marker, which finds those that left the group. A shell, not a second node: a megabyte per worker.
 * $1: process group, $2: marker (NAME=value), $3: ps's environment flag. `kill -s KILL -- -PGID` is the
 * form every sh takes: dash (Debian's sh) refuses `kill -KILL -- -PGID` ("Illegal number: -") and kills
 * nothing.
 */
const SCRIPT = `
trap '' INT HUP TERM
while read -r _; do :; done
kill -s KILL -- "-$1" 2>/dev/null
ps -A -ww -o pid=,command= $3 2>/dev/null | awk -v m="$2" '{ for (i = 2; i <= NF; i++) if ($i == m) { print $1; break } }' | while read -r p; do kill -KILL "$p" 2>/dev/null; done
`;

export interface Watchdog {
  /** The run ended and was cleaned up by the orchestrator itself: the watchdog goes without acting. */
  dismiss(): void;
}

/**
 * A watchdog for one worker, so nothing it runs outlives the orchestrator unlogged: a small process of its
 * own (own process group: a Ctrl-C at the terminal reaches the orchestrator, not it) reading a pipe from
 * the orchestrator. Neither it nor the pipe keeps the orchestrator's event loop alive. None on Windows,
 * which has no sh, process groups or SIGKILL; there the next start's sweep is what remains.
 */
export function startWatchdog(pgid: number, marker: string): Watchdog | null {
  if (process.platform === 'win32') return null;
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn('/bin/sh', ['-c', SCRIPT, WATCHDOG_NAME, String(pgid), marker, ENV_FLAG], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
  } catch {
    return null;
  }
  // A watchdog that could not start leaves the worker as it was before watchdogs: the sweep remains.
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    dismiss: () => {
      child.kill('SIGKILL');
      child.stdin?.destroy();
    },
  };
}
