import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '../../src-shared/models';
import { describeEntry } from '../../src-shared/log/describe-entry';
import { entryMatches, searchNeedle } from '../../src-shared/log/entry-search';
import { EventIndex, SESSION_KEY } from './event-index';
import { EventSearcher } from './event-search';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'event-search-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const WORKERS = ['claude', 'codex'];

/** A varied log: content words, template words, escapes, non-ASCII, numbers, a rare type or two. */
function makeEvents(count: number, startSeq = 1): Event[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = startSeq + i;
    const workerId = seq % 23 === 0 ? undefined : WORKERS[seq % 2];
    const base = { seq, ts: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), sessionId: 's1' };
    const k = seq % 9;
    const body =
      workerId === undefined
        ? { type: 'session_status', payload: { status: seq % 2 ? 'running' : 'paused' } }
        : k === 0
          ? {
              type: 'message',
              payload: { role: 'assistant', text: `Said "hello" to café ${seq}\nthen more` },
            }
          : k === 1
            ? {
                type: 'tool_result',
                payload: { toolId: `t${seq}`, ok: seq % 4 !== 1, output: `out ${seq}\nthere` },
              }
            : k === 2
              ? {
                  type: 'command',
                  payload: {
                    command: 'npm test',
                    status: 'completed',
                    exitCode: seq % 3,
                    output: `line one\nnthen "quoted" ok ${seq}`,
                  },
                }
              : k === 3
                ? { type: 'worker_status', payload: { status: 'running' } }
                : k === 4
                  ? { type: 'message', payload: { role: 'user', text: 'the prompt' } }
                  : k === 5
                    ? {
                        type: 'tool_use',
                        payload: {
                          toolId: `t${seq}`,
                          name: 'Read',
                          summary: `read a${seq}.ts`,
                          input: { path: 'secret-input' },
                        },
                      }
                    : { type: 'thinking', payload: { text: `Considering step ${seq} — ÜBER` } };
    return { ...base, ...(workerId ? { workerId } : {}), ...body } as Event;
  });
}

const write = (path: string, events: Event[]): void =>
  writeFileSync(path, events.map((e) => `${JSON.stringify(e)}\n`).join(''));

/** The places a plain search of the worded log would find. */
function naive(events: Event[], key: string, type: string | null, query: string): number[] {
  const needle = searchNeedle(query);
  return events
    .filter((e) => (e.workerId ?? SESSION_KEY) === key && (type === null || e.type === type))
    .flatMap((e, place) => (entryMatches(describeEntry(e), needle) ? [place] : []));
}

describe('EventSearcher', () => {
  it('finds exactly the events a plain search of their words would, content or added words', async () => {
    const path = join(dir, 'events.jsonl');
    const events = makeEvents(4_000);
    write(path, events);
    const index = new EventIndex(path);
    const searcher = new EventSearcher(64);
    const cases: [string, string | null, string][] = [
      ['claude', null, 'hello'],
      ['codex', null, 'said "HELLO"'],
      ['claude', null, 'CAFÉ 3'],
      ['codex', null, 'über'],
      ['claude', null, 'failed'],
      ['codex', null, 'done'],
      ['claude', null, 'exit 2'],
      ['codex', null, 'prompt sent'],
      ['claude', null, '(10 char'],
      ['codex', null, 'running'],
      ['claude', null, 'secret-input'],
      ['codex', 'tool_use', 'read a1'],
      ['claude', 'message', '1'],
      [SESSION_KEY, null, 'paused'],
      ['codex', null, 'no such words'],
      ['claude', null, '18 THEN more'],
      ['codex', null, 'nthen'],
      ['claude', null, 'nthere'],
      ['claude', null, 'one nthen'],
      ['codex', null, '"QUOTED" ok 1'],
      ['claude', 'command', 'ok 2'],
    ];
    for (const [key, type, query] of cases) {
      const found = await searcher.find(index, key, type, query, 0, 100_000);
      expect(found.places, `${key} ${type} ${query}`).toEqual(naive(events, key, type, query));
      expect(found.total).toBe(found.places.length);
    }
  });

  it('pages its matches and searches only what the log gained since', async () => {
    const path = join(dir, 'events.jsonl');
    const events = makeEvents(6_000);
    write(path, events.slice(0, 3_000));
    const index = new EventIndex(path);
    const searcher = new EventSearcher();
    const before = naive(events.slice(0, 3_000), 'claude', null, 'out');
    const page = await searcher.find(index, 'claude', null, 'out', before[20]!, 10);
    expect(page.places).toEqual(before.slice(20, 30));
    expect(page.total).toBe(before.length);
    appendFileSync(
      path,
      events
        .slice(3_000)
        .map((e) => `${JSON.stringify(e)}\n`)
        .join(''),
    );
    const after = await searcher.find(index, 'claude', null, 'out', 0, 100_000);
    expect(after.places).toEqual(naive(events, 'claude', null, 'out'));
    expect(after.searched).toBe(events.filter((e) => e.workerId === 'claude').length);
  });
});
