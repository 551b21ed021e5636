import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Event, SessionState } from '../../src-shared/models';
import { newWorkerState } from '../../src-shared/state/reduce-session';

export interface LongSession {
  sessionId: string;
  folder: string;
  workerId: string;
  /** The worker's events; its log tab has as many rows. */
  events: number;
  /** Where the worker's raw output goes (raw.jsonl), for the caller to fill. */
  rawPath: string;
}

const T0 = Date.parse('2026-01-01T09:00:00.000Z');
const TEXTS = [
  "I'll look at the existing module layout before changing anything.",
  'The tests for the parser cover the happy path only; adding the edge cases now.',
  'Running the test suite to check nothing else depends on the old behaviour.',
  'Updating the documentation to match the new option name.',
];

/**
 * Event k (0-based) of the worker: a cycle of six as the claude adapter gives them — a message ending in
 * "(step k+1)", a tool call, its command started and ended ("ok k: 42 tests passed"), thinking, a file change.
 */
export function workerEvent(sessionId: string, workerId: string, seq: number, k: number): Event {
  // In the order the hub writes an event's keys: seq, ts, sessionId, workerId, type, payload, lines.
  const head = { seq, ts: new Date(T0 + seq).toISOString(), sessionId, workerId };
  const lines = { from: k + 1, to: k + 1 };
  const cycle = Math.floor(k / 6);
  switch (k % 6) {
    case 0:
      return {
        ...head,
        type: 'message',
        payload: { role: 'assistant', text: `${TEXTS[cycle % 4]} (step ${k + 1})` },
        lines,
      };
    case 1:
      return {
        ...head,
        type: 'tool_use',
        payload: {
          toolId: `toolu_${cycle}`,
          name: 'Bash',
          summary: 'run npm test',
          input: { command: 'npm test' },
        },
        lines,
      };
    case 2:
      return {
        ...head,
        type: 'command',
        payload: { command: 'npm test', status: 'started', exitCode: null },
        lines,
      };
    case 3:
      return {
        ...head,
        type: 'command',
        payload: {
          command: 'npm test',
          status: 'completed',
          exitCode: 0,
          output: `ok ${k}: 42 tests passed`,
        },
        lines,
      };
    case 4:
      return {
        ...head,
        type: 'thinking',
        payload: { text: `Considering step ${k + 1} of the plan.` },
        lines,
      };
    default:
      return {
        ...head,
        type: 'file_change',
        payload: { path: `src/file-${cycle % 200}.ts`, kind: 'update' },
        lines,
      };
  }
}

/**
 * A stored, completed session with one worker whose log is as long as asked, written straight to the
 * workspace (session.json and events.jsonl; the worker's raw.jsonl is left to the caller): for tests and
 * benchmarks of the log views over long logs.
 */
export function writeLongSession(workspace: string, events: number): LongSession {
  const sessionId = '20260101-090000-long';
  const workerId = 'claude';
  const folder = join(workspace, sessionId);
  const workerDir = join(folder, 'workers', workerId);
  mkdirSync(workerDir, { recursive: true });

  const out = openSync(join(folder, 'events.jsonl'), 'w');
  let seq = 0;
  const session = (type: string, payload: object): string =>
    JSON.stringify({ seq: ++seq, ts: new Date(T0 + seq).toISOString(), sessionId, type, payload });
  writeSync(out, `${session('session_status', { status: 'running' })}\n`);
  let chunk: string[] = [];
  for (let k = 0; k < events; k++) {
    chunk.push(JSON.stringify(workerEvent(sessionId, workerId, ++seq, k)));
    if (chunk.length === 10_000) {
      writeSync(out, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) writeSync(out, `${chunk.join('\n')}\n`);
  writeSync(out, `${session('session_status', { status: 'completed' })}\n`);
  closeSync(out);

  const worker = {
    ...newWorkerState(workerId, 'claude', '/home/dev/project', false),
    status: 'completed' as const,
    exitCode: 0,
    startedAt: new Date(T0).toISOString(),
    endedAt: new Date(T0 + seq).toISOString(),
  };
  const state: SessionState = {
    sessionId,
    task: 'a very long worker log',
    repo: '/home/dev/project',
    folder,
    status: 'completed',
    demo: false,
    baseCommit: null,
    startedAt: new Date(T0).toISOString(),
    endedAt: new Date(T0 + seq).toISOString(),
    workers: [worker],
  };
  writeFileSync(join(folder, 'session.json'), `${JSON.stringify(state)}\n`);
  return { sessionId, folder, workerId, events, rawPath: join(workerDir, 'raw.jsonl') };
}
