import type { Event, SessionSpend } from '../../../../src-shared/models';

/** The session's spend at one moment, for the cost-over-time chart. */
export interface SpendPoint {
  /** ms since the epoch. */
  at: number;
  /** Dollars the CLIs reported so far (null: none reported a price yet). */
  costUsd: number | null;
  /** Input and output tokens of every run so far. */
  tokens: number;
}

/** A chart needs no more; past it, every other one of the older half goes, so memory stays bounded. */
export const MAX_SPEND_POINTS = 2_000;

/** Events after which the session's spend may have changed. */
export const changesSpend = (event: Event): boolean => event.type === 'usage' || event.type === 'run_usage';

/** Appends the spend after `event` to a series the caller owns; thins it when it outgrows its bound. */
export function pushSpendPoint(series: SpendPoint[], event: Event, spend: SessionSpend): void {
  series.push({
    at: Date.parse(event.ts),
    costUsd: spend.total.costUsd,
    tokens: spend.total.tokens.input + spend.total.tokens.output,
  });
  if (series.length <= MAX_SPEND_POINTS) return;
  const half = Math.floor(series.length / 2);
  const older = series.slice(0, half).filter((_, i) => i % 2 === 0);
  series.splice(0, half, ...older);
}
