import fc from 'fast-check';

/** Runs per fast-check round; rounds repeat until the fuzzer has fed its quota of lines. */
const ROUND = 400;
const MAX_ROUNDS = 200;

/**
 * Checks `property` in rounds of fresh random inputs until `done()` says the quota is reached. Each CI run
 * draws new inputs; a failure names the round's seed, and FUZZ_SEED=<seed> replays it as the first round.
 * FUZZ_SCALE=<n> multiplies the quota for a longer local session (read by the callers).
 */
export function fuzzUntil<T>(property: fc.IProperty<T>, done: () => boolean): void {
  const base = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Math.random() * 2 ** 31) | 0;
  for (let round = 0; round < MAX_ROUNDS && !done(); round++) {
    const seed = (base + round) | 0;
    const result = fc.check(property, { numRuns: ROUND, seed });
    if (result.failed) throw new Error(failureReport(result, seed));
  }
}

export const fuzzScale = (): number =>
  process.env.FUZZ_SCALE ? Math.max(1, Number(process.env.FUZZ_SCALE)) : 1;

const clip = (text: string, max = 300): string =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

/** fast-check's own report prints every counterexample in full, which for a run of huge lines is megabytes. */
function failureReport<T>(result: fc.RunDetails<T>, seed: number): string {
  const example = result.counterexample as unknown[] | null;
  const shown = (example ?? []).map((value) =>
    Array.isArray(value) ? value.slice(0, 12).map((v) => clip(String(v))) : clip(String(value)),
  );
  const cause =
    result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
  return [
    `fuzz property failed: ${cause}`,
    `replay: FUZZ_SEED=${seed} (path ${clip(result.counterexamplePath ?? '', 80)})`,
    `counterexample: ${JSON.stringify(shown, null, 1)}`,
  ].join('\n');
}
