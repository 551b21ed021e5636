import { describe, expect, it } from 'vitest';
import type { Event } from '../../src-shared/models';
import { formatEvents, resumePoint } from './sse';

const event = (seq: number, text: string): Event => ({
  seq,
  ts: '2026-11-25T10:00:00.000Z',
  sessionId: 's',
  workerId: 'claude',
  type: 'message',
  payload: { role: 'assistant', text },
});

describe('SSE', () => {
  it('writes one message per event, its id the seq, on one data line even when the text has line breaks', () => {
    const { text } = formatEvents([event(1, 'one\ntwo\r\nthree'), event(2, 'id: 9\n\ndata: x')]);
    const blocks = text.split('\n\n').filter((b) => b !== '');
    expect(blocks).toHaveLength(2);
    expect(blocks.map((b) => b.split('\n'))).toEqual([
      ['id: 1', `data: ${JSON.stringify(event(1, 'one\ntwo\r\nthree'))}`],
      ['id: 2', `data: ${JSON.stringify(event(2, 'id: 9\n\ndata: x'))}`],
    ]);
  });

  it("writes a slice of what waits, never less than one event, from the hub's text when it has it", () => {
    const events = [event(1, 'a'.repeat(100)), event(2, 'b'), event(3, 'c')];
    const first = formatEvents(events, ['{"hub":1}', undefined, undefined], 10);
    expect(first).toEqual({ text: 'id: 1\ndata: {"hub":1}\n\n', count: 1 });
    const all = formatEvents(events.slice(1), [], 1_000);
    expect(all.count).toBe(2);
    expect(all.text).toBe(
      `id: 2\ndata: ${JSON.stringify(events[1])}\n\nid: 3\ndata: ${JSON.stringify(events[2])}\n\n`,
    );
  });

  it('resumes after Last-Event-ID, else after ?after=, else from the start', () => {
    expect(resumePoint(undefined, undefined)).toBe(0);
    expect(resumePoint('', '')).toBe(0);
    expect(resumePoint(undefined, '12')).toBe(12);
    expect(resumePoint('40', '12')).toBe(40);
    for (const bad of ['-1', '1.5', 'abc', '1e3', '9'.repeat(16)]) {
      expect(() => resumePoint(bad, undefined)).toThrow(/Last-Event-ID/);
      expect(() => resumePoint(undefined, bad)).toThrow(/after/);
    }
  });
});
