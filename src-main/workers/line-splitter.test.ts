import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capLine } from '../security/line-cap';
import { LineSplitter, type LineCut } from './line-splitter';

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

  it('strips a CRLF torn between chunks, and a CR at the very end', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((batch) => lines.push(...batch));
    splitter.write('one\r');
    splitter.write('\ntwo\r');
    splitter.write('x\r');
    splitter.end();
    expect(lines).toEqual(['one', 'two\rx']);
    // A last line that is a lone CR was a line: delivered empty, as before the cap existed.
    const last: string[] = [];
    const other = new LineSplitter((batch) => last.push(...batch));
    other.write('a\n\r');
    other.end();
    expect(last).toEqual(['a', '']);
  });
});

/** Everything a capped splitter hands out, in order. */
function capped(max: number) {
  const lines: Array<{ line: string; cut?: LineCut }> = [];
  const overflow: string[][] = [];
  const heads: string[] = [];
  const splitter = new LineSplitter(
    (batch, cut) => lines.push(...batch.map((line) => (cut ? { line, cut } : { line }))),
    {
      maxLineChars: max,
      onOverflow: (text, head) => {
        if (head !== undefined) {
          heads.push(head);
          overflow.push([]);
        }
        overflow.at(-1)!.push(text);
      },
    },
  );
  return { splitter, lines, overflow, heads };
}

/** What a capped splitter must deliver for a whole text: the uncapped lines, each cut by capLine. */
function expected(text: string, max: number) {
  const parts = text.split('\n');
  const last = parts.pop()!;
  if (last.length > 0) parts.push(last);
  return parts.map((part) => capLine(part.endsWith('\r') ? part.slice(0, -1) : part, max));
}

describe('LineSplitter with a line-length cap', () => {
  it('keeps lines within the cap as they are and cuts a longer one, its rest to the sink', () => {
    const { splitter, lines, overflow, heads } = capped(5);
    splitter.write('abc\nhello');
    splitter.write(' wor');
    splitter.write('ld\r\nok\n');
    splitter.end();
    expect(lines).toEqual([
      { line: 'abc' },
      { line: 'hello', cut: { keptChars: 5, overflowChars: 6, overflowBytes: 6 } },
      { line: 'ok' },
    ]);
    expect(heads).toEqual(['hello']);
    expect(overflow).toEqual([[' wor', 'ld']]);
  });

  it('delivers a cut last line without newline at the end, and a line of exactly the cap uncut', () => {
    const { splitter, lines, overflow } = capped(4);
    splitter.write('abcd\r\nabcdéf');
    splitter.end();
    expect(lines).toEqual([
      { line: 'abcd' },
      { line: 'abcd', cut: { keptChars: 4, overflowChars: 2, overflowBytes: 3 } },
    ]);
    expect(overflow).toEqual([['éf']]);
  });

  it('moves an emoji at the cut whole into the overflow, even when its halves came in two writes', () => {
    const { splitter, lines, overflow } = capped(3);
    splitter.write('ab\ud83d');
    splitter.write('\ude00cd\n');
    splitter.end();
    expect(lines).toEqual([{ line: 'ab', cut: { keptChars: 2, overflowChars: 4, overflowBytes: 6 } }]);
    expect(overflow.map((pieces) => pieces.join(''))).toEqual(['😀cd']);
  });

  it('streams a long line piece by piece: no overflow piece is longer than the chunk it came in', () => {
    const { splitter, lines, overflow } = capped(1000);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    for (let i = 0; i < 200; i++) splitter.write(chunk);
    splitter.write('y\n{"next":1}\n');
    splitter.end();
    expect(lines).toHaveLength(2);
    expect(lines[0]!.line).toBe('x'.repeat(1000));
    expect(lines[0]!.cut).toEqual({
      keptChars: 1000,
      overflowChars: 200 * chunk.length - 1000 + 1,
      overflowBytes: 200 * chunk.length - 1000 + 1,
    });
    expect(lines[1]).toEqual({ line: '{"next":1}' });
    expect(Math.max(...overflow[0]!.map((piece) => piece.length))).toBeLessThanOrEqual(chunk.length);
  });

  it('gives, for any bytes in any chunks, the capped head and exactly the rest in the sink', () => {
    const line = fc
      .array(fc.constantFrom('a', 'é', '€', '😀', '\r', ' '), { maxLength: 30 })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 6 }),
        fc.boolean(),
        fc.nat(12),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 10 }),
        (parts, finalNewline, max, sizes) => {
          const text = parts.join('\n') + (finalNewline ? '\n' : '');
          const bytes = Buffer.from(text, 'utf8');
          const { splitter, lines, overflow, heads } = capped(max);
          for (let at = 0, i = 0; at < bytes.length; at += sizes[i++ % sizes.length]!) {
            splitter.write(bytes.subarray(at, at + sizes[i % sizes.length]!));
          }
          splitter.end();
          const want = expected(text, max);
          expect(lines.map((l) => l.line)).toEqual(want.map((w) => w.line));
          const cuts = want.filter((w) => w.overflow !== null);
          expect(overflow.map((pieces) => pieces.join(''))).toEqual(cuts.map((w) => w.overflow));
          expect(heads).toEqual(cuts.map((w) => w.line));
          expect(lines.filter((l) => l.cut).map((l) => l.cut)).toEqual(
            cuts.map((w) => ({
              keptChars: w.line.length,
              overflowChars: w.overflow!.length,
              overflowBytes: Buffer.byteLength(w.overflow!, 'utf8'),
            })),
          );
          for (const l of lines) expect(l.line.length).toBeLessThanOrEqual(max);
        },
      ),
    );
  });

  it('cuts string input split anywhere, lone surrogates included, like capLine cuts the whole line', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.nat(20),
        fc.array(fc.nat(60), { maxLength: 6 }),
        (text, max, at) => {
          const { splitter, lines, overflow } = capped(max);
          const bounds = [...new Set([0, ...at.filter((n) => n < text.length), text.length])].sort(
            (a, b) => a - b,
          );
          for (let i = 1; i < bounds.length; i++) splitter.write(text.slice(bounds[i - 1], bounds[i]));
          splitter.end();
          const want = expected(text, max);
          expect(lines.map((l) => l.line)).toEqual(want.map((w) => w.line));
          const rests = want.filter((w) => w.overflow !== null).map((w) => w.overflow);
          expect(overflow.map((pieces) => pieces.join(''))).toEqual(rests);
          // head + overflow is the original line, for every line.
          let cut = 0;
          const rebuilt = lines.map((l) => l.line + (l.cut ? overflow[cut++]!.join('') : ''));
          expect(rebuilt).toEqual(want.map((w) => w.line + (w.overflow ?? '')));
        },
      ),
    );
  });

  it('gives with a batch the very bytes its lines came in, wherever the chunks were cut; none when they differ', () => {
    const line = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom('{"a":1}\r', 'x'.repeat(30), 'ünïcödé — 🎉'),
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        (lines, sizes, capped) => {
          const input = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
          const seen: string[] = [];
          let withBytes = 0;
          const splitter = new LineSplitter(
            (batch, cut, bytes) => {
              seen.push(...batch);
              if (!bytes) return;
              withBytes += batch.length;
              // The bytes are the batch's lines exactly: no CR was dropped from them, none was cut.
              expect(cut).toBeUndefined();
              expect(Buffer.concat(bytes).toString('utf8')).toBe(batch.map((l) => `${l}\n`).join(''));
            },
            capped ? { maxLineChars: 20, onOverflow: () => undefined } : undefined,
          );
          for (let at = 0, i = 0; at < input.length; i++) {
            const size = sizes[i % sizes.length]!;
            splitter.write(input.subarray(at, at + size));
            at += size;
          }
          splitter.end();
          expect(seen).toHaveLength(lines.length);
          if (!capped) expect(seen).toEqual(lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)));
          // Plain lines in big chunks come as bytes (the first chunk's lines at least).
          if (!capped && lines.length > 0 && !lines.join('').includes('\r') && sizes[0]! >= input.length)
            expect(withBytes).toBe(lines.length);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives no bytes for lines given as text', () => {
    const calls: (Buffer[] | undefined)[] = [];
    const splitter = new LineSplitter((_batch, _cut, bytes) => calls.push(bytes));
    splitter.write('a\nb\n');
    splitter.write(Buffer.from('c\n'));
    splitter.end();
    expect(calls[0]).toBeUndefined();
    expect(calls[1]?.map((b) => b.toString())).toEqual(['c\n']);
  });
});
