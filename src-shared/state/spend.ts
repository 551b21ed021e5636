import type { EventPayloads, SessionSpend, SessionState, Spend, TokenTotals, WorkerState } from '../models';

/**
 * Dollars kept to a millionth: sums of the CLIs' prices otherwise carry float noise (0.026723999999999998)
 * into every file and screen. A millionth is finer than any price a CLI reports per run.
 */
export const roundUsd = (usd: number): number => Math.round(usd * 1e6) / 1e6;

export const noSpend = (): Spend => ({ tokens: { input: 0, output: 0, cached: 0 }, costUsd: null });

const hasTokens = (t: TokenTotals): boolean => t.input + t.output > 0;

function addTokens(a: TokenTotals, b: TokenTotals): TokenTotals {
  return { input: a.input + b.input, output: a.output + b.output, cached: a.cached + b.cached };
}

function mergeUnpriced(...lists: (readonly string[] | undefined)[]): string[] {
  return [...new Set(lists.flatMap((l) => l ?? []))];
}

/** Two spends together: tokens added, reported prices added, and the unpriced agents of both. */
export function addSpend(a: Spend, b: Spend): Spend {
  const costUsd =
    a.costUsd === null && b.costUsd === null ? null : roundUsd((a.costUsd ?? 0) + (b.costUsd ?? 0));
  const unpriced = mergeUnpriced(a.unpriced, b.unpriced);
  return { tokens: addTokens(a.tokens, b.tokens), costUsd, ...(unpriced.length > 0 ? { unpriced } : {}) };
}

/** One run's spend: an agent whose tokens came without a price is named as unpriced. */
export function runSpend(agent: string, tokens: TokenTotals, costUsd: number | null): Spend {
  return {
    tokens: { ...tokens },
    costUsd: costUsd === null ? null : roundUsd(costUsd),
    ...(costUsd === null && hasTokens(tokens) ? { unpriced: [agent] } : {}),
  };
}

/** What a planner or reviewer run adds to the spend it is counted in. */
export const addRunUsage = (spend: Spend | undefined, run: EventPayloads['run_usage']): Spend =>
  addSpend(spend ?? noSpend(), runSpend(run.agent, run.tokens, run.costUsd));

/** A worker's own runs (not the reviews of its work). */
export const workerOwnSpend = (worker: WorkerState): Spend =>
  runSpend(worker.agent, worker.tokens, worker.costUsd);

const sum = (spends: readonly Spend[]): Spend => spends.reduce(addSpend, noSpend());

/** The session's spend by kind of run, and in total (summary.json `spend`). */
export function sessionSpend(state: SessionState): SessionSpend {
  const workers = sum(state.workers.map(workerOwnSpend));
  const reviews = sum(state.workers.map((w) => w.reviewSpend ?? noSpend()));
  const planner = state.plannerSpend ?? noSpend();
  return { workers, planner, reviews, total: sum([workers, planner, reviews]) };
}
