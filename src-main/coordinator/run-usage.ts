import type { EventDraft, TokenTotals } from '../../src-shared/models';

/** What one CLI run used, as its own usage events reported it. */
export interface RunUsage {
  tokens: TokenTotals;
  costUsd: number | null;
  model?: string;
}

/**
 * Follows one run's events for its spend. Usage events carry the run's totals so far (not increments), so
 * the last one is the run's; the model is the one the totals name, else the one the CLI announced — never
 * gemini's "auto", which is a request for its router, not a model.
 */
export class UsageTally {
  private last: RunUsage | null = null;
  private announced: string | undefined;

  observe(d: EventDraft): void {
    if (d.type === 'session_ref' && d.payload.model && d.payload.model !== 'auto')
      this.announced = d.payload.model;
    if (d.type !== 'usage') return;
    const { inputTokens, outputTokens, cachedInputTokens, costUsd, model } = d.payload;
    this.last = {
      tokens: { input: inputTokens, output: outputTokens, cached: cachedInputTokens },
      costUsd,
      ...(model ? { model } : {}),
    };
  }

  /** null when the run reported no usage at all (it never got to its end, or its CLI says nothing). */
  result(): RunUsage | null {
    if (!this.last) return null;
    const model = this.last.model ?? this.announced;
    return { ...this.last, ...(model ? { model } : {}) };
  }
}
