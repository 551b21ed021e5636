import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionState } from '../../src-shared/models';
import { listSessions, listSessionStates } from './session-index';
import { writeJsonAtomic } from './write-json';

let workspace: string;

const state = (sessionId: string, startedAt: string, status: SessionState['status']): SessionState => ({
  sessionId,
  task: 't',
  repo: '/r',
  folder: join(workspace, sessionId),
  status,
  demo: false,
  baseCommit: null,
  startedAt,
  endedAt: null,
  workers: [],
});

function store(s: SessionState): void {
  mkdirSync(s.folder, { recursive: true });
  writeJsonAtomic(join(s.folder, 'session.json'), s);
}

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'session-index-'));
});
afterEach(() => {
  rmSync(workspace, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('listSessionStates', () => {
  it('lists what listSessions lists, newest first, skipping unreadable folders', () => {
    store(state('a', '2026-01-01T00:00:00.000Z', 'completed'));
    store(state('b', '2026-01-02T00:00:00.000Z', 'running'));
    mkdirSync(join(workspace, 'empty'));
    expect(listSessionStates(workspace).map((s) => s.sessionId)).toEqual(['b', 'a']);
    expect(listSessionStates(workspace)).toEqual(listSessions(workspace).map((s) => s.state));
  });

  it('sees a rewritten session.json (same size included), a new one and a removed one', () => {
    store(state('a', '2026-01-01T00:00:00.000Z', 'failed'));
    expect(listSessionStates(workspace)[0]!.status).toBe('failed');
    store(state('a', '2026-01-01T00:00:00.000Z', 'paused'));
    expect(listSessionStates(workspace)[0]!.status).toBe('paused');
    store(state('b', '2026-01-02T00:00:00.000Z', 'running'));
    expect(listSessionStates(workspace)).toHaveLength(2);
    rmSync(join(workspace, 'b'), { recursive: true });
    expect(listSessionStates(workspace).map((s) => s.sessionId)).toEqual(['a']);
  });

  it('does not parse an unchanged session.json again', () => {
    store(state('a', '2026-01-01T00:00:00.000Z', 'completed'));
    const parse = vi.spyOn(JSON, 'parse');
    listSessionStates(workspace);
    const first = parse.mock.calls.length;
    listSessionStates(workspace);
    expect(parse.mock.calls.length).toBe(first);
  });
});
