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
    const text = formatEvents([event(1, 'one\ntwo\r\nthree'), event(2, 'id: 9\n\ndata: x')]);
    const blocks = text.split('\n\n').filter((b) => b !== '');
    expect(blocks).toHaveLength(2);
    expect(blocks.map((b) => b.split('\n'))).toEqual([
      ['id: 1', `data: ${JSON.stringify(event(1, 'one\ntwo\r\nthree'))}`],
      ['id: 2', `data: ${JSON.stringify(event(2, 'id: 9\n\ndata: x'))}`],
    ]);
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
