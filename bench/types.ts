/**
 * Shared interface of the benchmark modules run by `npm run bench` (bench/run.ts).
 * Each module `bench/<name>.ts` exports `run: Bench`.
 */
export interface BenchOptions {
  /** Short version for CI: small sizes, only checks the bench runs and yields finite numbers. */
  quick: boolean;
  /** Human-readable progress/figure lines (the runner decides where they go). */
  log: (line: string) => void;
}

export type Figures = Record<string, number>;

export type Bench = (options: BenchOptions) => Promise<Figures>;
