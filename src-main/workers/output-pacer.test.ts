import { describe, expect, it } from 'vitest';
import { OUTPUT_FLUSH_BYTES, OutputPacer, PacedStream } from './output-pacer';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('OutputPacer and PacedStream', () => {
  it('hands every stream its queued chunks, joined and in order, at one shared tick', async () => {
    const pacer = new OutputPacer(20);
    const seen: string[] = [];
    const a = new PacedStream((chunk) => seen.push(`a:${chunk.toString()}`), pacer);
    const b = new PacedStream((chunk) => seen.push(`b:${chunk.toString()}`), pacer);
    a.push(Buffer.from('1\n'));
    b.push(Buffer.from('x'));
    a.push(Buffer.from('2\n'));
    await wait(5);
    b.push(Buffer.from('y\n'));
    expect(seen).toEqual([]);
    await wait(40);
    expect(seen.sort()).toEqual(['a:1\n2\n', 'b:xy\n']);
  });

  it('does not hold back a stream flat out, and drain hands over what is left at once', async () => {
    const pacer = new OutputPacer(1_000);
    const sizes: number[] = [];
    const stream = new PacedStream((chunk) => sizes.push(chunk.length), pacer);
    stream.push(Buffer.alloc(100));
    stream.push(Buffer.alloc(OUTPUT_FLUSH_BYTES));
    expect(sizes).toEqual([100 + OUTPUT_FLUSH_BYTES]);
    stream.push(Buffer.alloc(7));
    stream.drain();
    expect(sizes).toEqual([100 + OUTPUT_FLUSH_BYTES, 7]);
    stream.drain();
    expect(sizes).toHaveLength(2);
  });

  it('runs the other streams when one handler throws, then throws its error', () => {
    const pacer = new OutputPacer(10);
    const handled: string[] = [];
    const failing = new PacedStream(() => {
      throw new Error('handler broke');
    }, pacer);
    const fine = new PacedStream((chunk) => handled.push(chunk.toString()), pacer);
    failing.push(Buffer.from('a'));
    fine.push(Buffer.from('b'));
    const tick = (pacer as unknown as { tick(): void }).tick.bind(pacer);
    expect(tick).toThrow('handler broke');
    expect(handled).toEqual(['b']);
  });
});
