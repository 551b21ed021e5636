import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../store/session-view';
import { filterEntries, findMatches, splitMatches, stepMatch, typeCounts } from './log-search';

const entry = (seq: number, type: LogEntry['type'], text: string, detail?: string): LogEntry => ({
  seq,
  ts: '2026-01-01T10:00:00.000Z',
  type,
  text,
  tone: 'plain',
  ...(detail ? { detail } : {}),
});

const log = [
  entry(1, 'tool_use', '✎ edit src/limiter.ts'),
  entry(2, 'command', '▶ npm test (exit 0)', 'PASS limiter.test.ts'),
  entry(3, 'message', '“Limiter done”'),
  entry(4, 'tool_use', '✎ read docs/api.md'),
];

describe('log filter and search', () => {
  it('filters by event type and counts the types for the menu', () => {
    expect(filterEntries(log, 'tool_use').map((e) => e.seq)).toEqual([1, 4]);
    expect(filterEntries(log, 'all')).toBe(log);
    expect(typeCounts(log)).toEqual([
      ['tool_use', 2],
      ['command', 1],
      ['message', 1],
    ]);
  });

  it('finds matches in lines and their details, case-insensitively', () => {
    expect(findMatches(log, 'LIMITER')).toEqual([0, 1, 2]);
    expect(findMatches(log, '  ')).toEqual([]);
    expect(findMatches(filterEntries(log, 'tool_use'), 'limiter')).toEqual([0]);
  });

  it('cuts text around every occurrence, keeping its case', () => {
    expect(splitMatches('Limiter and limiter', 'limiter')).toEqual([
      { text: 'Limiter', match: true },
      { text: ' and ', match: false },
      { text: 'limiter', match: true },
    ]);
  });

  it('steps through matches in both directions, wrapping', () => {
    expect(stepMatch(2, 3, 1)).toBe(0);
    expect(stepMatch(0, 3, -1)).toBe(2);
    expect(stepMatch(0, 0, 1)).toBe(0);
  });
});
