import { describe, expect, it } from 'vitest';
import type { Event } from '../../src-shared/models';
import { eventLine } from './event-line';

const base = {
  seq: 7,
  ts: '2026-01-02T03:04:05.678Z',
  sessionId: 'sess "1"',
  type: 'message',
  payload: { role: 'assistant', text: 'line\nwith "quotes" \u2028 and \ud83d\ude00', extra: undefined },
} as unknown as Event;

describe('eventLine', () => {
  it('is exactly JSON.stringify of the event, with or without workerId and lines', () => {
    const { seq, ts, sessionId, type, payload } = base;
    const cases = [
      base,
      { seq, ts, sessionId, workerId: 'w\\1', type, payload },
      { ...base, lines: { from: 1, to: 2 } },
      { seq, ts, sessionId, workerId: 'claude', type, payload, lines: { from: 3, to: 3 } },
    ] as Event[];
    for (const event of cases) expect(eventLine(event)).toBe(JSON.stringify(event));
  });

  it('falls back to JSON.stringify for other fields, another order or undefined members', () => {
    const odd = [
      { ...base, note: 'x' },
      { ...base, workerId: 'late' },
      { ...base, workerId: undefined },
      { ...base, lines: undefined },
    ] as unknown as Event[];
    for (const event of odd) expect(eventLine(event)).toBe(JSON.stringify(event));
  });
});
