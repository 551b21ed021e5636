/**
 * A stored session with one very long worker log, for the UI benchmark: its events as the claude adapter
 * gives them (e2e/harness/long-session.ts), and its raw.jsonl what a replay agent prints in claude's
 * stream-json, as many lines as events.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { writeLongSession, type LongSession } from '../../e2e/harness/long-session';
import { REPLAY_AGENT } from './harness';

export function writeBigSession(workspace: string, lines: number): LongSession {
  const session = writeLongSession(workspace, lines);
  const raw = openSync(session.rawPath, 'w');
  const printed = spawnSync(process.execPath, [REPLAY_AGENT], {
    stdio: ['ignore', raw, 'inherit'],
    env: { ...process.env, REPLAY_FORMAT: 'claude', REPLAY_LINES: String(lines), REPLAY_RATE: '0' },
  });
  closeSync(raw);
  if (printed.status !== 0) throw new Error(`the replay agent failed (${printed.status})`);
  return session;
}
