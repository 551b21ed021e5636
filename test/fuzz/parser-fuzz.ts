import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import type { LineParser } from '../../src-main/agents/types';
import type { CliName } from '../cli-fixtures';
import { contractBreach } from './contract';
import { loadCorpus } from './corpus';
import { runArbitrary } from './line-mutations';
import { fuzzScale, fuzzUntil } from './settings';

/**
 * Registers the fuzz tests of one CLI's parser: runs of generated and mutated lines (see line-mutations.ts),
 * then a handful of pathological single lines. Each run must keep the parser contract; the lines fed are
 * counted so the suite can show it reached its volume.
 */
export function fuzzParser(cli: CliName, createParser: () => LineParser, minLines: number): void {
  const corpus = loadCorpus(cli);
  let fed = 0;

  it(`${cli}: keeps its contract over ${minLines}+ generated and mutated lines`, () => {
    const quota = minLines * fuzzScale();
    fuzzUntil(
      fc.property(runArbitrary(corpus), (lines) => {
        fed += lines.length;
        const breach = contractBreach(createParser, lines);
        if (breach !== null) throw new Error(breach);
      }),
      () => fed >= quota,
    );
    expect(fed).toBeGreaterThanOrEqual(quota);
  });

  it(`${cli}: survives pathological lines`, () => {
    const megabytes = 'x'.repeat(20 * 1024 * 1024);
    const real = corpus.objects[0] ?? {};
    const pathological = [
      [megabytes],
      [JSON.stringify({ ...real, type: 'assistant', text: megabytes, content: megabytes })],
      [`${'['.repeat(100_000)}${']'.repeat(100_000)}`],
      [`{"type":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`],
      [
        JSON.stringify({
          type: 'message',
          role: 'assistant',
          delta: true,
          content: 'MILESTONE: a\n'.repeat(100_000),
        }),
      ],
      Array.from({ length: 5_000 }, () => '{"type":"message","role":"assistant","delta":true,"content":"x"}'),
      ['\u0000\ud800\udfff\ufffe'],
    ];
    for (const lines of pathological) {
      fed += lines.length;
      expect(contractBreach(createParser, lines)).toBeNull();
    }
  });

  afterAll(() => {
    console.info(`fuzz ${cli}: ${fed} lines`);
  });
}
