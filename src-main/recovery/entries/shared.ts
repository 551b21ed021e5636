import type { ActionTemplate, RunView } from '../types';

/** Conditions several entries share. */
export const noResult = (run: RunView): boolean => run.lastResult === null;
export const notReadOnly = (run: RunView): boolean => run.obs.readOnly !== true;
export const notStarted = (run: RunView): boolean => !run.started;

/**
 * Our own waits come on top of the CLI's: claude retries 10 times over ~3 minutes, gemini 10 attempts over
 * ~4 minutes, codex 5 (cli notes). So a failure that reaches us has already outlasted a short outage, and the
 * first wait is long. Rate limits reset per minute, so a minute is the least that can help.
 */
export const RATE_LIMIT_BACKOFF: ActionTemplate = {
  kind: 'backoff',
  baseMs: 60_000,
  maxMs: 600_000,
  resume: true,
};

/** 5xx and overload: usually temporary capacity trouble on the provider's side. */
export const SERVER_BACKOFF: ActionTemplate = {
  kind: 'backoff',
  baseMs: 30_000,
  maxMs: 300_000,
  resume: true,
};

/** A stream cut mid-answer: the next request usually goes through, so retry soon. */
export const STREAM_BACKOFF: ActionTemplate = { kind: 'backoff', baseMs: 5_000, maxMs: 60_000, resume: true };

/**
 * A dead endpoint rarely comes back by itself within minutes (wrong base URL, no network, a proxy): two short
 * waits cover a blip, then a person has to look.
 */
export const unreachableBackoff = (hint: string): ActionTemplate => ({
  kind: 'backoff',
  baseMs: 15_000,
  maxMs: 120_000,
  resume: true,
  escalateAfter: 2,
  hint,
});
