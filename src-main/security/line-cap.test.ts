import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capLine, StreamRedactor } from './line-cap';
import { createRedactor } from './redact';

describe('capLine', () => {
  it('returns a line that fits unchanged', () => {
    expect(capLine('hello', 5)).toEqual({ line: 'hello', overflow: null });
    expect(capLine('', 0)).toEqual({ line: '', overflow: null });
  });

  it('cuts a longer line and hands back the rest', () => {
    expect(capLine('hello world', 5)).toEqual({ line: 'hello', overflow: ' world' });
    expect(capLine('abc', 0)).toEqual({ line: '', overflow: 'abc' });
  });

  it('never splits a surrogate pair', () => {
    expect(capLine('ab😀cd', 3)).toEqual({ line: 'ab', overflow: '😀cd' });
    expect(capLine('ab😀cd', 4)).toEqual({ line: 'ab😀', overflow: 'cd' });
  });

  it('keeps a 100 MB line to its cap', () => {
    const huge = 'x'.repeat(100 * 1024 * 1024);
    const { line, overflow } = capLine(huge, 1024);
    expect(line.length).toBe(1024);
    expect(overflow?.length).toBe(huge.length - 1024);
  });

  it('splits any line into a head within the cap and an overflow that restores it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.nat(250), (text, max) => {
        const { line, overflow } = capLine(text, max);
        expect(line.length).toBeLessThanOrEqual(max);
        expect(line + (overflow ?? '')).toBe(text);
        expect(overflow === null).toBe(text.length <= max);
      }),
    );
  });
});

describe('StreamRedactor', () => {
  const SECRET = 'hunter2-very-secret-value';
  const KEY = `sk-ant-api03-${'A1b2C3d4'.repeat(5)}`;
  const redact = createRedactor([SECRET]);
  const leaks = (text: string) =>
    text.includes(SECRET) || text.includes(KEY) || text.includes(KEY.slice(0, 20));

  /** Pushes `text` in pieces of the given sizes; returns what came out, and when. */
  function stream(redactor: StreamRedactor, text: string, sizes: number[]): string[] {
    const out: string[] = [];
    for (let at = 0, i = 0; at < text.length; i++) {
      const size = sizes[i % sizes.length]!;
      out.push(redactor.push(text.slice(at, at + size)));
      at += size;
    }
    out.push(redactor.end());
    return out;
  }

  it('masks secrets however the pieces fall, with the same result as redacting the whole text', () => {
    const filler = fc.string({ maxLength: 40 }).map((s) => s.replace(/[A-Za-z0-9_-]/g, ' '));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(filler, fc.constant(SECRET), fc.constant(KEY), fc.constant('😀')), {
          maxLength: 40,
        }),
        fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 1, maxLength: 8 }),
        (parts, sizes) => {
          // Parts apart: two keys run together make one key-like run longer than the window, which no
          // window can promise to keep whole.
          const text = parts.join(' ');
          // A small window and block force many cuts, each next to a secret sooner or later.
          const out = stream(new StreamRedactor(redact, '', 64, 32), text, sizes).join('');
          expect(leaks(out)).toBe(false);
          expect(out).toBe(redact(text));
        },
      ),
    );
  });

  it('moves the head/overflow boundary off a secret crossing it: the head gives its part back', () => {
    const head = `${'x '.repeat(50)}${SECRET.slice(0, 10)}`;
    const rest = `${SECRET.slice(10)} and more ${' '.repeat(200)}`;
    const redactor = new StreamRedactor(redact, head, 64, 32);
    const out = stream(redactor, rest, [7]).join('');
    expect(redactor.pulled).toBeGreaterThanOrEqual(10);
    const keptHead = head.slice(0, head.length - redactor.pulled);
    expect(keptHead + out).toBe(redact(head + rest));
    expect(leaks(keptHead + out)).toBe(false);
    expect(out.startsWith(head.slice(keptHead.length))).toBe(false);
  });

  it('leaves the boundary where it is when nothing crosses it', () => {
    const redactor = new StreamRedactor(redact, `abc ${SECRET} def `, 64, 32);
    const out = stream(redactor, `ghi ${SECRET}`, [5]).join('');
    expect(redactor.pulled).toBe(0);
    expect(out).toBe('ghi [REDACTED]');
  });

  it('holds at most about block + window: output follows input on a long stream', () => {
    const redactor = new StreamRedactor(redact, '', 1024, 4096);
    const piece = 'plain words, nothing secret '.repeat(40);
    let given = 0;
    let taken = 0;
    for (let i = 0; i < 300; i++) {
      given += piece.length;
      taken += redactor.push(piece).length;
      // Nothing is masked here, so what went in and has not come out is exactly what is held.
      expect(given - taken).toBeLessThan(4096 + 1024 + piece.length);
    }
    taken += redactor.end().length;
    expect(taken).toBe(given);
  });
});
