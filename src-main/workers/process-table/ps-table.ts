import { execFileSync } from 'node:child_process';
import type { ProcessEntry, ProcessTable } from './types';

/**
 * Columns asked of ps by name, each with an empty header: the same on Linux (procps), macOS and the BSDs.
 * lstart ("Mon Dec  7 21:40:53 2026") is five words, so it comes last.
 */
const COLUMNS = 'pid=,ppid=,pgid=,stat=,rss=,time=,lstart=';

/** ps's own flag to append each process's environment to its command: BSD-style `e` on Linux, -E on macOS. */
const ENV_FLAG = process.platform === 'linux' ? ['e'] : process.platform === 'darwin' ? ['-E'] : ['-e'];

function ps(args: string[]): string | null {
  try {
    return execFileSync('ps', args, {
      encoding: 'utf8',
      // English month and day names for lstart, whatever the user's locale.
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    // ps exits 1 when -p names no process; a missing ps leaves the table empty.
    return null;
  }
}

/** "1-02:03:04" (Linux, days), "02:03:04" or "3:04.56" (macOS): CPU time in seconds. */
export function parseCpuTime(text: string): number {
  const [days, clock] = text.includes('-') ? text.split('-', 2) : ['0', text];
  const seconds = (clock ?? '').split(':').reduce((total, part) => total * 60 + Number(part), 0);
  return Number(days) * 86_400 + seconds;
}

/** One line of `ps -o COLUMNS`; null for a line that does not read as one. */
export function parsePsLine(line: string): ProcessEntry | null {
  const words = line.trim().split(/\s+/);
  if (words.length < 11) return null;
  const [pid, ppid, pgid, stat, rss, time, ...start] = words;
  const startedAt = Date.parse(start.slice(0, 5).join(' ')) / 1000;
  const entry = {
    pid: Number(pid),
    ppid: Number(ppid),
    pgid: Number(pgid),
    state: stat!.charAt(0),
    cpuSeconds: parseCpuTime(time!),
    rssBytes: Number(rss) * 1024,
    startedAt,
  };
  return Number.isInteger(entry.pid) && Number.isFinite(startedAt) ? entry : null;
}

const parseAll = (text: string | null): ProcessEntry[] =>
  (text ?? '').split('\n').flatMap((line) => parsePsLine(line) ?? []);

/**
 * Anywhere with a POSIX ps (macOS, the BSDs, Linux when selected): one ps run per question. Environments
 * are read through ps's own environment flag, which shows them for the user's own processes — the only
 * ones an orchestrator starts.
 */
export const psTable: ProcessTable = {
  kind: 'ps',
  list: () => parseAll(ps(['-A', '-o', COLUMNS])),
  get: (pid) => parseAll(ps(['-o', COLUMNS, '-p', String(pid)]))[0] ?? null,
  withEnv(entry) {
    const found: number[] = [];
    for (const line of (ps(['-A', '-ww', '-o', 'pid=,command=', ...ENV_FLAG]) ?? '').split('\n')) {
      const words = line.trim().split(/\s+/);
      const pid = Number(words[0]);
      // The environment follows the command as NAME=value words; a marker is a whole word.
      if (pid !== process.pid && Number.isInteger(pid) && words.slice(1).includes(entry)) found.push(pid);
    }
    return found;
  },
};
