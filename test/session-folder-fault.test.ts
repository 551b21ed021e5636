import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src-main/cli/exit-codes';
import { STORE_FAULT_CODE } from '../src-main/coordinator/session';
import { Event, SessionState } from '../src-shared/models';
import { isAlive, waitFor } from './proc';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

/**
 * Issue 9: the session folder's disk becomes unwritable mid-run. Each test breaks the disk for real while
 * three demo workers run, then checks the contract: one clear message naming the problem and the path,
 * exit code 5, every worker's process group gone, and the log written before the fault still readable.
 */

const root = join(import.meta.dirname, '..');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const { tempDir, temp } = tempDirs();
/** The orchestrator as one node process (no tsx wrapper): limits set on its pid hit the writer itself. */
const orchestrateArgs = (repo: string, ws: string): string[] => [
  '--import',
  'tsx',
  entry,
  'run',
  'write docs',
  '--repo',
  repo,
  '--demo',
  '--json',
  '--plan',
  'template',
  '--no-review',
  '--workspace',
  ws,
];
/** Slow demo agents: still running, and still printing, when the disk breaks. */
const slowDemo = { ORCHESTRATOR_DEMO_SCENARIO: 'slow', ORCHESTRATOR_DEMO_DELAY_MS: '100' };

interface Watched {
  /** Every event printed on stdout, live: the hub's log, which goes on after the disk stopped taking it. */
  seen: Event[];
  stderr: () => string;
  exited: Promise<number | null>;
}

function watch(child: ChildProcess): Watched {
  const seen: Event[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => seen.push(Event.parse(JSON.parse(line))));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { seen, stderr: () => stderr, exited };
}

const workerPids = (seen: readonly Event[]): number[] =>
  seen.flatMap((e) => (e.type === 'worker_started' && e.payload.pid ? [e.payload.pid] : []));

/** A process group with no member left: kill(-pgid, 0) fails with ESRCH. */
function groupGone(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * What an outage leaves, checked the same way for every kind of fault: the contract's exit code and one
 * message, no worker left, and events.jsonl whole up to the fault (at most one torn last line), every
 * stored event exactly the one printed live with that seq.
 */
async function expectHandledFault(
  watched: Watched,
  folderOnDisk: string,
  folderPrinted: string,
  code: string,
): Promise<void> {
  const exitCode = await watched.exited;
  const stderr = watched.stderr();
  expect(exitCode, stderr).toBe(EXIT.unwritable);
  const messages = stderr.split('\n').filter((l) => l.includes('session folder is not writable'));
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatch(new RegExp(`^orchestrate: session folder is not writable: ${code} \\(`));
  expect(messages[0]).toContain(folderPrinted);
  expect(stderr).not.toMatch(/\n\s+at /);

  // Stopped as on a stop: every worker's process group is gone by the time the orchestrator has exited.
  const pids = workerPids(watched.seen);
  // Three launches at least: a demo agent that itself failed on the full disk may have been relaunched.
  expect(pids.length).toBeGreaterThanOrEqual(3);
  for (const pid of pids) {
    expect(isAlive(pid)).toBe(false);
    expect(groupGone(pid)).toBe(true);
  }

  // The live log says what happened: the fault, the stop, the failed session with the reason.
  const fault = watched.seen.find((e) => e.type === 'error' && e.payload.code === STORE_FAULT_CODE);
  expect(fault?.type === 'error' && fault.payload.message).toMatch(
    new RegExp(`^could not write ${folderPrinted}/.+: ${code} \\(.+\\); stopping the agents$`),
  );
  expect(watched.seen).toContainEqual(
    expect.objectContaining({ type: 'control', payload: { command: 'stop', by: 'system' } }),
  );
  const last = watched.seen.at(-1);
  expect(last?.type).toBe('session_status');
  expect(last?.type === 'session_status' && last.payload).toMatchObject({
    status: 'failed',
    reason: `could not write the session folder (${code})`,
  });
  for (const worker of ['claude', 'codex', 'gemini']) {
    const status = watched.seen.findLast((e) => e.type === 'worker_status' && e.workerId === worker);
    // Stopped, or failed when its own writes hit the same disk first: in no case still running.
    expect(['stopped', 'failed']).toContain(status?.type === 'worker_status' && status.payload.status);
  }

  // Nothing written before the fault is lost: the file is whole lines (a torn one only at the very end).
  const text = readFileSync(join(folderOnDisk, 'events.jsonl'), 'utf8');
  const lines = text.split('\n');
  const torn = lines.pop();
  const stored = lines.map((line) => Event.parse(JSON.parse(line)));
  expect(stored.length).toBeGreaterThan(0);
  expect(stored).toEqual(watched.seen.slice(0, stored.length));
  if (torn !== '') expect(() => JSON.parse(torn!)).toThrow();
  // session.json is replaced atomically: the last state that could be written, never half a file.
  expect(() =>
    SessionState.parse(JSON.parse(readFileSync(join(folderOnDisk, 'session.json'), 'utf8'))),
  ).not.toThrow();
}

describe('the session folder becomes unwritable mid-run', () => {
  const hasPrlimit = process.platform === 'linux' && spawnSync('prlimit', ['--version']).status === 0;

  it('a file size limit (EFBIG): the workers are stopped, one message, exit 5, the log kept', async (ctx) => {
    if (!hasPrlimit) ctx.skip('prlimit (util-linux) is not available on this machine');
    const repo = scratchRepo();
    temp.push(repo);
    const ws = tempDir('orchestrator-efbig-');
    const child = spawn(process.execPath, orchestrateArgs(repo, ws), {
      cwd: root,
      env: { ...process.env, ...slowDemo },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const watched = watch(child);
    await waitFor(() => watched.seen.filter((e) => e.type === 'session_ref').length === 3, 30_000);
    const folder = join(ws, watched.seen[0]!.sessionId);
    // No file of the orchestrator may grow past what events.jsonl holds now: its next line fails.
    const limit = statSync(join(folder, 'events.jsonl')).size;
    execFileSync('prlimit', ['--pid', String(child.pid), `--fsize=${limit}:`]);
    await expectHandledFault(watched, folder, folder, 'EFBIG');
  }, 90_000);

  it('a full disk (ENOSPC, a small tmpfs filled up): the same', async (ctx) => {
    const why = tmpfsUnavailable();
    if (why) {
      console.warn(`skipped the ENOSPC test: ${why}`);
      ctx.skip(why);
    }
    const ws = tempDir('orchestrator-enospc-');
    const kept = tempDir('orchestrator-enospc-kept-');
    // The workspace is a 16 MB tmpfs, gone with the orchestrator: once that has exited, the shell copies
    // what it left (without the filler) for the checks below.
    const child = orchestrateOnTmpfs(
      { at: ws, options: 'size=16m,mode=0700' },
      ws,
      '"$@"; code=$?; rm -f "$MNT/filler"; cp -a "$MNT/." "$KEPT/"; exit $code',
      { ...slowDemo, KEPT: kept },
    );
    const watched = watch(child);
    await waitFor(() => watched.seen.filter((e) => e.type === 'session_ref').length === 3, 30_000);
    const sessionId = watched.seen[0]!.sessionId;
    // Fill the namespace's tmpfs from outside, through the shell's view of the mounts.
    fillUp(join(`/proc/${child.pid}/root`, ws, 'filler'));
    await expectHandledFault(watched, join(kept, sessionId), join(ws, sessionId), 'ENOSPC');
  }, 90_000);
});

describe('the workspace is not writable at start', () => {
  it('a read-only file system (EROFS): one message naming it, exit 5, nothing started', async (ctx) => {
    const why = tmpfsUnavailable();
    if (why) {
      console.warn(`skipped the EROFS test: ${why}`);
      ctx.skip(why);
    }
    const mount = tempDir('orchestrator-erofs-');
    const ws = join(mount, 'sessions');
    const child = orchestrateOnTmpfs({ at: mount, options: 'ro,size=1m' }, ws, 'exec "$@"');
    const watched = watch(child);
    const exitCode = await watched.exited;
    const stderr = watched.stderr();
    expect(exitCode, stderr).toBe(EXIT.unwritable);
    // Node's recursive mkdir says ENOENT on a read-only disk; the message names the real reason.
    expect(stderr).toBe(
      `orchestrate: session folder is not writable: EROFS (the file system is read-only) at ${mount}\n`,
    );
    expect(watched.seen).toEqual([]);
  }, 60_000);
});

/**
 * Starts the orchestrator on a scratch repo with workspace `ws`, in a private mount namespace where a
 * tmpfs is mounted first, so no other process sees it and it is gone with the namespace's last process.
 * `run` is the shell that then runs the orchestrator's command line ("$@"), with the mount point in
 * "$MNT"; the shell exits 97 when the mount fails.
 */
function orchestrateOnTmpfs(
  tmpfs: { at: string; options: string },
  ws: string,
  run: string,
  env: Record<string, string> = {},
): ChildProcess {
  const repo = scratchRepo();
  temp.push(repo);
  const script = `mount -t tmpfs -o ${tmpfs.options} tmpfs "$MNT" || exit 97; ${run}`;
  return spawn(
    'unshare',
    [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      script,
      'sh',
      process.execPath,
      ...orchestrateArgs(repo, ws),
    ],
    { cwd: root, env: { ...process.env, ...env, MNT: tmpfs.at }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Writes until the disk is full; the last write is cut short or fails with ENOSPC. */
function fillUp(path: string): void {
  const block = Buffer.alloc(1 << 20);
  writeFileSync(path, '');
  try {
    for (;;) writeFileSync(path, block, { flag: 'a' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
}

let tmpfsProbe: string | null | undefined;

/** Why a private tmpfs cannot be mounted here (needs Linux, root and unshare), or null when it can. */
function tmpfsUnavailable(): string | null {
  tmpfsProbe ??= probeTmpfs();
  return tmpfsProbe;
}

function probeTmpfs(): string | null {
  if (process.platform !== 'linux') return 'needs Linux mount namespaces';
  if (process.getuid?.() !== 0) return 'needs root to mount a tmpfs in a private mount namespace';
  const probe = tempDir('orchestrator-mount-probe-');
  const result = spawnSync('unshare', [
    '-m',
    '--propagation',
    'private',
    'sh',
    '-c',
    `mount -t tmpfs -o size=1m tmpfs '${probe}'`,
  ]);
  return result.status === 0
    ? null
    : `unshare -m + mount tmpfs failed here: ${String(result.stderr || result.error?.message).trim()}`;
}
