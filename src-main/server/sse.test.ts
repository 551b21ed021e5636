import { describe, expect, it } from 'vitest';
import type { Event } from '../../src-shared/models';
import { encodeEvents, resumePoint, sharedEventBytes } from './sse';

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
    const text = encodeEvents([event(1, 'one\ntwo\r\nthree'), event(2, 'id: 9\n\ndata: x')]).toString();
    const blocks = text.split('\n\n').filter((b) => b !== '');
    expect(blocks).toHaveLength(2);
    expect(blocks.map((b) => b.split('\n'))).toEqual([
      ['id: 1', `data: ${JSON.stringify(event(1, 'one\ntwo\r\nthree'))}`],
      ['id: 2', `data: ${JSON.stringify(event(2, 'id: 9\n\ndata: x'))}`],
    ]);
  });

  it("uses the hub's text when it has it, and serializes the events it lacks", () => {
    const events = [event(1, 'a'), event(2, 'b'), event(3, 'é')];
    expect(encodeEvents(events, ['{"hub":1}', undefined, '{"hub":3}']).toString()).toBe(
      `id: 1\ndata: {"hub":1}\n\nid: 2\ndata: ${JSON.stringify(events[1])}\n\nid: 3\ndata: {"hub":3}\n\n`,
    );
  });

  it('makes the bytes of a batch once for every stream that gets the same events', () => {
    const events = [event(1, 'a'), event(2, 'b')];
    // Each subscriber of the hub gets its own array of the same event objects.
    const first = sharedEventBytes(events.slice());
    expect(sharedEventBytes(events.slice())).toBe(first);
    expect(first.toString()).toBe(encodeEvents(events).toString());
    // A different batch is different bytes: a shorter one from the same event, or equal events re-read.
    const shorter = sharedEventBytes(events.slice(0, 1));
    expect(shorter).not.toBe(first);
    expect(shorter.toString()).toBe(encodeEvents(events.slice(0, 1)).toString());
    const reread = events.map((e) => structuredClone(e));
    expect(sharedEventBytes(reread)).not.toBe(first);
    expect(sharedEventBytes(reread).toString()).toBe(first.toString());
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
