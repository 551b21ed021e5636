import { z } from 'zod';

export const TokenTotals = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cached: z.number().nonnegative(),
});
export type TokenTotals = z.infer<typeof TokenTotals>;

/**
 * What a set of CLI runs cost: their tokens and the price the CLIs reported. `costUsd` adds up only prices
 * that a CLI reported (null when none did: a made-up 0 would read as free); `unpriced` names the agents
 * whose tokens came without a price, so a reader knows the figure leaves them out.
 */
export const Spend = z.object({
  tokens: TokenTotals,
  costUsd: z.number().nonnegative().nullable(),
  unpriced: z.array(z.string()).optional(),
});
export type Spend = z.infer<typeof Spend>;

/** A session's spend by kind of run (summary.json `spend`): its workers, its planner and its reviewers. */
export const SessionSpend = z.object({
  workers: Spend,
  planner: Spend,
  reviews: Spend,
  total: Spend,
});
export type SessionSpend = z.infer<typeof SessionSpend>;

/** Which kind of one-shot run a `run_usage` event accounts for. */
export const RunRole = z.enum(['planner', 'reviewer']);
export type RunRole = z.infer<typeof RunRole>;
