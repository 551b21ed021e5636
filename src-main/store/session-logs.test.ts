import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '../../src-shared/models';
import { readLogPage, streamStoredEvents } from './session-logs';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'session-logs-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const events = (count: number): Event[] =>
  Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    ts: '2026-01-01T00:00:00.000Z',
    sessionId: 's1',
    workerId: i % 2 ? 'codex' : 'claude',
    type: 'thinking',
    payload: { text: `t${i + 1}` },
  }));

describe('a stored session’s log', () => {
  it('reaches a viewer in batches, in order, from the seq it asked for', async () => {
    const all = events(12_345);
    writeFileSync(join(folder, 'events.jsonl'), all.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const batches: Event[][] = [];
    await new Promise<void>((resolve) => {
      streamStoredEvents(folder, 100, (batch) => {
        batches.push(batch);
        if (batch.at(-1)!.seq === all.length) resolve();
      });
    });
    expect(batches.every((b) => b.length <= 5_000)).toBe(true);
    expect(batches.flat()).toEqual(all.slice(100));
  });

  it('stops sending when the viewer leaves', async () => {
    writeFileSync(
      join(folder, 'events.jsonl'),
      events(20_000)
        .map((e) => `${JSON.stringify(e)}\n`)
        .join(''),
    );
    let received = 0;
    const stop = streamStoredEvents(folder, 0, (batch) => {
      received += batch.length;
      stop();
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toBe(5_000);
  });

  it('pages one worker’s events from disk, 1-based', async () => {
    const all = events(300);
    writeFileSync(join(folder, 'events.jsonl'), all.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const page = await readLogPage(folder, 'codex', null, 11, 5);
    expect(page).toEqual({
      from: 11,
      events: all.filter((e) => e.workerId === 'codex').slice(10, 15),
      total: 150,
    });
    expect((await readLogPage(folder, null, null, 1, 5)).total).toBe(0);
  });
});
