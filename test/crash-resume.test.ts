import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { Event, SessionSummary } from '../src-shared/models';
import { splitLines, uncoveredLines } from './cli-fixtures';
import { isAlive, waitFor } from './proc';
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
    await waitFor(() => seen.filter((e) => e.type === 'session_ref').length === 3, 20_000);
    const pids = seen.flatMap((e) => (e.type === 'worker_started' && e.payload.pid ? [e.payload.pid] : []));
    expect(pids).toHaveLength(3);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The workers are their own process groups: they outlive the orchestrator until the next start.
    expect(pids.some((pid) => isAlive(pid))).toBe(true);
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
