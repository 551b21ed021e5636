import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capLine } from './line-cap';

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
