import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeStoredSession } from '../server/testing/stored-session';
import { Event } from '../../src-shared/models';
import { uncoveredLines } from '../../test/cli-fixtures';
import { recoverWorkspace } from './recover-workspace';

const temp: string[] = [];
afterAll(() => temp.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A stored session that still says "running", with no orchestrator left to own it. */
function orphan(workspace: string, sessionId: string) {
  const fixture = writeStoredSession(workspace, sessionId);
  const sessionJson = join(fixture.folder, 'session.json');
  writeFileSync(sessionJson, JSON.stringify({ ...fixture.state, status: 'running', endedAt: null }));
  return { ...fixture, sessionJson };
}

describe('recoverWorkspace', () => {
  it('marks an orphaned session interrupted, and one whose folder cannot be written is reported, not thrown', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'orchestrator-recover-'));
    temp.push(workspace);
    const healthy = orphan(workspace, 'healthy');
    const broken = orphan(workspace, 'broken');
    // A folder where session.json's replacement must be written: a real write error, as a failing disk gives.
    mkdirSync(`${broken.sessionJson}.${process.pid}.tmp`);

    const found = recoverWorkspace(workspace).sort((a, b) => a.sessionId.localeCompare(b.sessionId));

    expect(found.map(({ sessionId, unrecorded }) => [sessionId, unrecorded?.code])).toEqual([
      ['broken', 'EISDIR'],
      ['healthy', undefined],
    ]);
    expect(found[0]!.unrecorded?.path).toContain(broken.folder);
    expect(JSON.parse(readFileSync(healthy.sessionJson, 'utf8'))).toMatchObject({ status: 'interrupted' });
    // The broken one's session.json is left as it was, whole.
    expect(JSON.parse(readFileSync(broken.sessionJson, 'utf8'))).toMatchObject({ status: 'running' });
  });

  it('gives the raw lines a crash left without events their own raw events, so every line stays claimed', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'orchestrator-recover-'));
    temp.push(workspace);
    const session = orphan(workspace, 'raw-ahead');
    const dir = join(session.folder, 'workers', 'claude');
    mkdirSync(dir, { recursive: true });
    // Two whole lines written before the crash, then a torn one.
    writeFileSync(join(dir, 'raw.jsonl'), '{"type":"one"}\n{"type":"two"}\n{"type":"th');

    recoverWorkspace(workspace);

    const events = readFileSync(join(session.folder, 'events.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => Event.parse(JSON.parse(line)));
    expect(events.filter((e) => e.type === 'raw')).toMatchObject([
      { workerId: 'claude', lines: { from: 1, to: 1 }, payload: { line: '{"type":"one"}' } },
      { workerId: 'claude', lines: { from: 2, to: 2 }, payload: { line: '{"type":"two"}' } },
    ]);
    expect(
      uncoveredLines(
        events.filter((e) => e.workerId === 'claude'),
        2,
      ),
    ).toEqual([]);
  });
});
