import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../src-shared/models';
import { draft } from '../../src-shared/models';
import type { LineParser } from '../agents/types';
import { SessionFolder } from '../store/session-folder';
import { isAlive, waitFor } from '../../test/proc';
import { WorkerProcess } from './worker-process';

const dir = mkdtempSync(join(tmpdir(), 'orchestrator-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) =>
  join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'processes', name);

/** Records what it is fed; every line becomes one raw event. */
class RecordingParser implements LineParser {
  readonly seen: Array<[string, number]> = [];
  ended = false;
  push(line: string, lineNo: number): EventDraft[] {
    this.seen.push([line, lineNo]);
    return [draft('raw', { line, reason: 'unknown' }, { from: lineNo, to: lineNo })];
  }
  end(): EventDraft[] {
    this.ended = true;
    return [];
  }
}

function setup(name: string) {
  const folder = SessionFolder.create(join(dir, name));
  const parser = new RecordingParser();
  const emitted: EventDraft[] = [];
  return {
    folder,
    parser,
    emitted,
    sinks: { files: folder.workerFiles('w'), parser, emit: (d: EventDraft) => emitted.push(d) },
  };
}

describe('WorkerProcess', () => {
  it('keeps every stdout line raw first, parses it, and reports the exit', async () => {
    const { folder, parser, emitted, sinks } = setup('chatty');
    const worker = new WorkerProcess(
      { command: process.execPath, args: [fixture('chatty.mjs')], cwd: dir, env: {} },
      sinks,
    );
    expect(worker.start()).toBeGreaterThan(0);
    const exit = await worker.exited;
    folder.close();
    expect(exit).toMatchObject({ exitCode: 3, signal: null, spawnError: null });
    expect(parser.seen).toEqual([
      ['{"type":"one"}', 1],
      ['{"type":"two"}', 2],
      ['{"type":"three"}', 3],
      ['{"type":"torn"', 4],
    ]);
    expect(parser.ended).toBe(true);
    expect(emitted).toHaveLength(4);
    const raw = readFileSync(join(folder.path, 'workers', 'w', 'raw.jsonl'), 'utf8');
    expect(raw).toBe('{"type":"one"}\n{"type":"two"}\n{"type":"three"}\n{"type":"torn"\n');
    expect(readFileSync(join(folder.path, 'workers', 'w', 'stderr.log'), 'utf8')).toBe(
      'warning: something on stderr\n',
    );
    expect(worker.stderrTail).toEqual(['warning: something on stderr']);
  });

  it('reports a missing executable as a spawn error instead of hanging', async () => {
    const { folder, sinks } = setup('missing');
    const worker = new WorkerProcess(
      { command: 'definitely-not-an-agent-cli', args: [], cwd: dir, env: {} },
      sinks,
    );
    worker.start();
    const exit = await worker.exited;
    folder.close();
    expect(exit.spawnError).toMatch(/ENOENT|not found/);
  });

  it('stop kills the whole group: a SIGTERM-ignoring child and its grandchild leave no survivor', async () => {
    const { folder, parser, sinks } = setup('forks');
    const worker = new WorkerProcess(
      { command: process.execPath, args: [fixture('forks-grandchild.mjs')], cwd: dir, env: {} },
      sinks,
    );
    worker.start();
    await waitFor(() => parser.seen.length > 0);
    const { pid, grandchild } = JSON.parse(parser.seen[0]![0]) as { pid: number; grandchild: number };
    expect(isAlive(pid)).toBe(true);
    expect(isAlive(grandchild)).toBe(true);
    const exit = await worker.stop(300);
    folder.close();
    expect(exit.signal).toBe('SIGKILL');
    await waitFor(() => !isAlive(pid) && !isAlive(grandchild));
    expect(isAlive(grandchild)).toBe(false);
  });
});
