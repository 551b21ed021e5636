import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { Event, SessionSummary } from '../src-shared/models';
import { splitLines, uncoveredLines } from './cli-fixtures';
import { describeProcesses, isAlive, markedProcesses, PROCESS_TABLES, sleep, waitFor } from './proc';
import { scratchRepo } from './scratch-repo';

const root = join(import.meta.dirname, '..');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The orchestrator as one process (no tsx wrapper), so kill -9 hits the orchestrator itself. */
const nodeArgs = ['--import', 'tsx', entry];
const slowDemo = { ORCHESTRATOR_DEMO_SCENARIO: 'slow', ORCHESTRATOR_DEMO_DELAY_MS: '60' };

describe('kill -9 of the orchestrator mid-run', () => {
  it('is found interrupted at the next start, leaves no worker alive, and resume completes it', async () => {
    const repo = scratchRepo();
    const ws = mkdtempSync(join(tmpdir(), 'orchestrator-crash-'));
    temp.push(repo, ws);
    const child = spawn(
      process.execPath,
      [
        ...nodeArgs,
        'run',
        'write docs',
        '--repo',
        repo,
        '--demo',
        '--json',
        '--plan',
        'template',
        '--workspace',
        ws,
      ],
      {
        cwd: root,
        env: { ...process.env, ...slowDemo },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const seen: Event[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => seen.push(Event.parse(JSON.parse(line))));
    await waitFor(() => seen.filter((e) => e.type === 'session_ref').length === 3, 40_000);
    const pids = seen.flatMap((e) => (e.type === 'worker_started' && e.payload.pid ? [e.payload.pid] : []));
    expect(pids).toHaveLength(3);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const sessionId = seen[0]!.sessionId;

    const listed = await execa(process.execPath, [...nodeArgs, 'sessions', '--json', '--workspace', ws], {
      cwd: root,
      stdin: 'ignore',
    });
    expect(JSON.parse(String(listed.stdout))).toMatchObject([{ sessionId, status: 'interrupted' }]);
    await waitFor(() => pids.every((pid) => !isAlive(pid)));
    const folder = join(ws, sessionId);
    const afterCrash = splitLines(readFileSync(join(folder, 'events.jsonl'), 'utf8')).map((l) =>
      Event.parse(JSON.parse(l)),
    );
    // Nothing before the kill is lost: everything printed is in the log, in order, then the interruption.
    expect(afterCrash.slice(0, seen.length)).toEqual(seen);
    expect(afterCrash.at(-1)).toMatchObject({ type: 'session_status', payload: { status: 'interrupted' } });
    expect(afterCrash.map((e) => e.seq)).toEqual(afterCrash.map((_, i) => i + 1));

    const resumed = await execa(
      process.execPath,
      [...nodeArgs, 'resume', sessionId, '--json', '--workspace', ws],
      {
        cwd: root,
        stdin: 'ignore',
        reject: false,
        env: { ORCHESTRATOR_DEMO_DELAY_MS: '20' },
      },
    );
    expect(resumed.exitCode).toBe(0);
    const all = splitLines(readFileSync(join(folder, 'events.jsonl'), 'utf8')).map((l) =>
      Event.parse(JSON.parse(l)),
    );
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    const relaunches = all.slice(afterCrash.length).filter((e) => e.type === 'worker_started');
    expect(relaunches).toHaveLength(3);
    for (const launch of relaunches) {
      const ref = afterCrash.find((e) => e.type === 'session_ref' && e.workerId === launch.workerId);
      const args = launch.type === 'worker_started' ? launch.payload.args.join(' ') : '';
      expect(ref?.type === 'session_ref' && args.includes(ref.payload.ref)).toBe(true);
    }
    const summary = SessionSummary.parse(JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')));
    expect(summary.status).toBe('completed');
    expect(summary.workers.every((w) => w.status === 'completed')).toBe(true);
    // The relaunched runs appended to the same raw logs, and every raw line is still claimed by an event.
    for (const worker of ['claude', 'codex', 'gemini']) {
      const raw = splitLines(readFileSync(join(folder, 'workers', worker, 'raw.jsonl'), 'utf8'));
      expect(
        uncoveredLines(
          all.filter((e) => e.workerId === worker),
          raw.length,
        ),
      ).toEqual([]);
    }
  }, 90_000);
});

/** `orchestrate run` of the three demo agents as one process, and the events it prints as they come. */
function runDemo(ws: string, env: Record<string, string>, agents = 'claude,codex,gemini') {
  const repo = scratchRepo();
  temp.push(repo);
  const child = spawn(
    process.execPath,
    [...nodeArgs, 'run', 'write docs', '--repo', repo, '--demo', '--json', '--plan', 'template'].concat([
      '--agents',
      agents,
      '--workspace',
      ws,
    ]),
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const seen: Event[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => seen.push(Event.parse(JSON.parse(line))));
  return { child, seen };
}

/** The watchdogs (see src-main/workers/watchdog.ts) watching these process groups, found by their argv. */
function watchdogsOf(pgids: number[]): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
        return argv[3] === 'orchestrator-watchdog' && pgids.includes(Number(argv[4]));
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('workers whose orchestrator died', () => {
  it('end within seconds of a kill -9 of the orchestrator: nothing runs unlogged', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'orchestrator-orphans-'));
    temp.push(ws);
    const { child, seen } = runDemo(ws, {
      ORCHESTRATOR_DEMO_SCENARIO: 'hang',
      ORCHESTRATOR_DEMO_DELAY_MS: '20',
    });
    // The hang scenario never exits by itself: only a kill ends these workers.
    await waitFor(() => seen.filter((e) => e.type === 'session_ref').length === 3, 40_000);
    const sessionId = seen[0]!.sessionId;
    const pids = seen.flatMap((e) => (e.type === 'worker_started' && e.payload.pid ? [e.payload.pid] : []));
    expect(pids.every((pid) => isAlive(pid))).toBe(true);
    expect(markedProcesses(sessionId).length).toBeGreaterThanOrEqual(3);
    const watchdogs = watchdogsOf(pids);
    expect(watchdogs).toHaveLength(3);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // Bounded generously for a loaded machine; what matters is that no next start is needed.
    await waitFor(() => markedProcesses(sessionId).length === 0, 20_000).catch(() => {
      const left = markedProcesses(sessionId);
      throw new Error(
        `still running:\n${describeProcesses(left)}\nwatchdogs:\n${describeProcesses(watchdogs)}`,
      );
    });
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
  }, 60_000);

  it('end with their process group: a child that cleared its environment (no marker) dies with it', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'orchestrator-group-'));
    const repo = scratchRepo();
    temp.push(ws, repo);
    // A CLI that starts a helper with an empty environment — no run marker for any search to find — in its
    // own process group, then waits; only a kill of the group can end that helper.
    const pidFile = join(ws, 'helper.pid');
    const agent = join(ws, 'group-agent');
    writeFileSync(
      agent,
      `#!/bin/sh\nenv -i /bin/sleep 1000 &\necho $! > '${pidFile}'\nexec /bin/sleep 1000\n`,
      {
        mode: 0o755,
      },
    );
    const config = join(ws, 'config.json');
    writeFileSync(config, JSON.stringify({ agents: { claude: { command: agent } } }));
    const child = spawn(
      process.execPath,
      [...nodeArgs, 'run', 'write docs', '--repo', repo, '--agents', 'claude', '--plan', 'template'].concat([
        '--workspace',
        ws,
        '--config',
        config,
        '--json',
      ]),
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.resume();
    child.stderr!.resume();
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'), 40_000);
    const helper = Number(readFileSync(pidFile, 'utf8'));
    // Once env has replaced itself with sleep, the helper's environment is empty.
    await waitFor(() => readFileSync(`/proc/${helper}/environ`, 'latin1') === '', 10_000);
    expect(isAlive(helper)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await waitFor(() => !isAlive(helper), 20_000).catch(() => {
      throw new Error(`still running:\n${describeProcesses([helper])}`);
    });
  }, 60_000);

  it.each(PROCESS_TABLES)(
    'are killed by the next start when their watchdogs died with the orchestrator (%s process table)',
    async (table) => {
      const ws = mkdtempSync(join(tmpdir(), 'orchestrator-sweep-'));
      temp.push(ws);
      const processTable = { ORCHESTRATOR_PROCESS_TABLE: table };
      const { child, seen } = runDemo(ws, {
        ORCHESTRATOR_DEMO_SCENARIO: 'hang',
        ORCHESTRATOR_DEMO_DELAY_MS: '20',
        ...processTable,
      });
      await waitFor(() => seen.filter((e) => e.type === 'session_ref').length === 3, 40_000);
      const sessionId = seen[0]!.sessionId;
      const pids = seen.flatMap((e) => (e.type === 'worker_started' && e.payload.pid ? [e.payload.pid] : []));
      const watchdogs = watchdogsOf(pids);
      expect(watchdogs).toHaveLength(3);
      // As a power loss or the OOM killer would: the orchestrator and its watchdogs at once. The watchdogs go
      // first: one that saw the orchestrator die first would rightly kill its worker at once.
      for (const pid of [...watchdogs, child.pid!]) process.kill(pid, 'SIGKILL');
      await new Promise((r) => child.once('exit', r));
      await sleep(1000);
      // Workers that never exit by themselves: still running, unwatched, until the next start sweeps them.
      expect(pids.filter((pid) => isAlive(pid))).toEqual(pids);
      const listed = await execa(process.execPath, [...nodeArgs, 'sessions', '--json', '--workspace', ws], {
        cwd: root,
        stdin: 'ignore',
        env: processTable,
      });
      expect(JSON.parse(String(listed.stdout))).toMatchObject([{ sessionId, status: 'interrupted' }]);
      await waitFor(() => markedProcesses(sessionId).length === 0, 5000);
    },
    60_000,
  );
});

describe('Ctrl-C of orchestrate run', () => {
  it('ends at the first press although a worker left a SIGTERM-proof grandchild holding its stdout', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'orchestrator-ctrlc-'));
    temp.push(ws);
    const holder = join(import.meta.dirname, 'fixtures', 'processes', 'setsid-holder.mjs');
    const agent = join(ws, 'claude-agent');
    writeFileSync(agent, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(holder)}\n`, {
      mode: 0o755,
    });
    const config = join(ws, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ agents: { claude: { command: agent } }, review: { enabled: false } }),
    );
    const repo = scratchRepo();
    temp.push(repo);
    const child = spawn(
      process.execPath,
      [
        ...nodeArgs,
        'run',
        'x',
        '--repo',
        repo,
        '--json',
        '--plan',
        'template',
        '--agents',
        'claude',
        '--config',
        config,
        '--workspace',
        join(ws, 'sessions'),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const seen: Event[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => seen.push(Event.parse(JSON.parse(line))));
    await waitFor(() => seen.some((e) => e.type === 'raw'), 20_000);
    const sessionId = seen[0]!.sessionId;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    // The stop's grace, the kills and the pipes closed from this side: seconds, not a hang.
    const code = await Promise.race([exited, sleep(15_000).then(() => 'still running')]);
    if (code === 'still running') child.kill('SIGKILL');
    expect(code).toBe(130);
    expect(markedProcesses(sessionId)).toEqual([]);
  }, 60_000);
});
