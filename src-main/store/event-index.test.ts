import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '../../src-shared/models';
import { EventIndex, SESSION_KEY } from './event-index';
import { SessionFolder } from './session-folder';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'event-index-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const WORKERS = ['claude', 'codex', 'gemini'];

/** Events as the hub writes them: key order seq, ts, sessionId, workerId, type, payload. */
function makeEvents(count: number, startSeq = 1): Event[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = startSeq + i;
    const workerId = seq % 17 === 0 ? undefined : WORKERS[seq % 3];
    const base = { seq, ts: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), sessionId: 's1' };
    const body =
      seq % 50 === 0
        ? { type: 'MILESTONE', payload: { summary: `step ${seq} "type":"x" \u00e9` } }
        : seq % 17 === 0
          ? { type: 'session_status', payload: { status: 'running' } }
          : { type: 'message', payload: { role: 'assistant', text: `text ${seq}${'.'.repeat(seq % 400)}` } };
    return { ...base, ...(workerId ? { workerId } : {}), ...body } as Event;
  });
}

const write = (path: string, events: Event[], tail = ''): void =>
  writeFileSync(path, events.map((e) => `${JSON.stringify(e)}\n`).join('') + tail);

describe('EventIndex', () => {
  it('reads any seq range, as filtering the whole file would', () => {
    const path = join(dir, 'events.jsonl');
    const events = makeEvents(5_000);
    write(path, events);
    const index = new EventIndex(path);
    for (const [from, to] of [
      [1, 1],
      [1, 64],
      [63, 130],
      [2_500, 2_999],
      [4_990, 6_000],
      [7_000, 8_000],
    ] as const) {
      expect(index.rangeSync(from, to)).toEqual(events.filter((e) => e.seq >= from && e.seq <= to));
    }
  });

  it('pages one worker’s log, whole or of one type, and the session’s own events', async () => {
    const path = join(dir, 'events.jsonl');
    const events = makeEvents(6_000);
    write(path, events);
    const index = new EventIndex(path);
    const logOf = (key: string, type: string | null): Event[] =>
      events.filter((e) => (e.workerId ?? SESSION_KEY) === key && (type === null || e.type === type));
    for (const [key, type] of [
      ['claude', null],
      ['codex', 'MILESTONE'],
      [SESSION_KEY, null],
      ['gemini', 'message'],
    ] as const) {
      const expected = logOf(key, type);
      for (const first of [0, 1, 63, 64, 65, Math.floor(expected.length / 2), expected.length - 3]) {
        const page = await index.page(key, type, first, 50);
        expect(page.total).toBe(expected.length);
        expect(page.events).toEqual(expected.slice(first, first + 50));
      }
      expect(index.count(key, type)).toBe(expected.length);
    }
    expect(index.typeCounts('codex')).toEqual({
      message: logOf('codex', 'message').length,
      MILESTONE: logOf('codex', 'MILESTONE').length,
    });
    expect((await index.page('nobody', null, 0, 10)).events).toEqual([]);
  });

  it('leaves out a torn last line until it is whole, and damaged lines', async () => {
    const path = join(dir, 'events.jsonl');
    const events = makeEvents(200);
    const torn = JSON.stringify(makeEvents(1, 201)[0]);
    write(path, events, `not json at all\n${torn.slice(0, 40)}`);
    const index = new EventIndex(path);
    expect(index.rangeSync(195, 300).map((e) => e.seq)).toEqual([195, 196, 197, 198, 199, 200]);
    appendFileSync(path, `${torn.slice(40)}\n`);
    expect(index.rangeSync(195, 300).map((e) => e.seq)).toEqual([195, 196, 197, 198, 199, 200, 201]);
    await index.update();
    expect(index.count(null)).toBe(201);
  });

  it('reads back what a session folder wrote, through loadRange, while it grows', () => {
    const folder = SessionFolder.create(join(dir, 's1'));
    const events = makeEvents(3_000);
    for (const event of events.slice(0, 1_000)) folder.persistEvent(event);
    expect(folder.loadRange(990, 1_010).map((e) => e.seq)).toEqual(
      Array.from({ length: 11 }, (_, i) => 990 + i),
    );
    for (const event of events.slice(1_000)) folder.persistEvent(event);
    expect(folder.loadRange(1, 3_000)).toEqual(events);
    folder.close();
  });
});
