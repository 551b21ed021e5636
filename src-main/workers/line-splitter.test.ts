import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter';

describe('LineSplitter', () => {
  it('joins lines across chunks, strips CR, keeps a final line without newline', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((batch) => lines.push(...batch));
    splitter.write('{"a":');
    splitter.write('1}\r\n{"b":2}\n{"c"');
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    splitter.end();
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c"']);
  });

  it('keeps a multi-byte character split between chunks whole', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((batch) => lines.push(...batch));
    const bytes = Buffer.from('naïve — ok\n', 'utf8');
    for (let i = 0; i < bytes.length; i++) splitter.write(bytes.subarray(i, i + 1));
    splitter.end();
    expect(lines).toEqual(['naïve — ok']);
  });

  it('keeps empty lines (they are lines of the raw log too)', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((batch) => lines.push(...batch));
    splitter.write('a\n\nb\n');
    splitter.end();
    expect(lines).toEqual(['a', '', 'b']);
  });
});
