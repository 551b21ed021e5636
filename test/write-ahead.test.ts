import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { Event } from '../src-shared/models';
import { markedProcesses, sleep, waitFor } from './proc';
import { scratchRepo } from './scratch-repo';

const root = join(import.meta.dirname, '..');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

const KILL_POINTS = 20;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The complete lines of a file as bytes (a torn last line is not one), without their newlines. */
function wholeLines(path: string): Buffer[] {
  const data = readFileSync(path);
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = data.indexOf(0x0a); i !== -1; i = data.indexOf(0x0a, start)) {
    lines.push(data.subarray(start, i));
    start = i + 1;
  }
  return lines;
}

describe('kill -9 of the orchestrator while an agent prints flat out', () => {
  it(`leaves every raw line an event names on disk with the same bytes, at ${KILL_POINTS} random kill points`, async () => {
    const ws = mkdtempSync(join(tmpdir(), 'orchestrator-write-ahead-'));
    temp.push(ws);
    const agent = join(ws, 'flood-agent');
    const flood = join(import.meta.dirname, 'fixtures', 'processes', 'flood.mjs');
    writeFileSync(agent, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(flood)}\n`, {
      mode: 0o755,
    });
    const config = join(ws, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ agents: { claude: { command: agent } }, review: { enabled: false } }),
    );
    const repo = scratchRepo();
    temp.push(repo);
    let checked = 0;
    for (let point = 0; point < KILL_POINTS; point++) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', entry, 'run', 'x', '--repo', repo, '--json', '--plan', 'template'].concat([
          '--agents',
          'claude',
          '--config',
          config,
          '--workspace',
          join(ws, 'sessions'),
        ]),
        { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] },
      );
      let sessionId = '';
      let lines = 0;
      createInterface({ input: child.stdout! }).on('line', (line) => {
        // The kill may cut the last line printed.
        const parsed = Event.safeParse(safeJson(line));
        if (!parsed.success) return;
        const event = parsed.data;
        sessionId = event.sessionId;
        if (event.type === 'raw') lines += 1;
      });
      await waitFor(() => lines > 0, 30_000);
      // Anywhere in the first second of output: mid-batch, mid-write, between the two logs.
      await sleep(Math.random() * 1000);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      await waitFor(() => markedProcesses(sessionId).length === 0, 5000);

      const folder = join(ws, 'sessions', sessionId);
      const raw = wholeLines(join(folder, 'workers', 'claude', 'raw.jsonl'));
      // Plain JSON, not the schema: tens of thousands of events per kill point.
      const events = wholeLines(join(folder, 'events.jsonl')).map((l) => JSON.parse(String(l)) as Event);
      const named = events.filter((e) => e.workerId === 'claude' && e.lines);
      expect(named.length, `kill point ${point}`).toBeGreaterThan(0);
      for (const event of named) {
        for (let n = event.lines!.from; n <= event.lines!.to; n++) {
          // The line is on disk, whole, and is the very line the event was made from.
          const stored = raw[n - 1];
          expect(stored, `kill point ${point}: line ${n} named by event ${event.seq}`).toBeDefined();
          expect(JSON.parse(String(stored)), `kill point ${point}: line ${n}`).toMatchObject({ n });
          if (event.type === 'raw') expect(String(stored)).toBe(event.payload.line);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(KILL_POINTS);
  }, 300_000);
});
