import { join } from 'node:path';
import type { DiffRange, PeerReview, ReviewRequest } from '../../src-shared/models';
import { nowIso } from '../../src-shared/models';
import { buildRetryPrompt } from './review-prompt';
import type { RunUsage } from '../coordinator/run-usage';
import { runReviewer, type Reviewer, type ReviewerRun, type RunReviewerOptions } from './run-reviewer';

export interface PeerReviewOptions {
  reviewer: Reviewer;
  request: ReviewRequest;
  diffRange: DiffRange | null;
  prompt: string;
  sessionFolder: string;
  /** Everything a run needs besides its prompt and folder. */
  run: Omit<RunReviewerOptions, 'reviewer' | 'prompt' | 'folder'>;
}

/** One reviewer run's usage; `retry` marks the second run after an answer with no valid verdict. */
export interface ReviewerRunUsage {
  usage: RunUsage;
  retry: boolean;
}

/** A reviewer's verdict, or why its CLI could not review at all; with what its runs used either way. */
export type PeerReviewOutcome = (
  { review: PeerReview; unusable?: undefined } | { review?: undefined; unusable: string }
) & { runs: ReviewerRunUsage[] };

/**
 * One reviewer's verdict on one request: a run, one retry if its answer held no valid verdict, else a
 * concern marked as a reviewer error — never an approval nobody gave. A CLI that could not start at all
 * is not retried: the same launch would fail the same way.
 */
export async function peerReview(options: PeerReviewOptions): Promise<PeerReviewOutcome> {
  const { reviewer, request } = options;
  const folder = join(options.sessionFolder, 'reviews', request.id, reviewer.agent);
  const first = await runReviewer({ ...options.run, reviewer, prompt: options.prompt, folder });
  const runs: ReviewerRunUsage[] = first.usage ? [{ usage: first.usage, retry: false }] : [];
  // A CLI that cannot review (missing, not set up, crashed mute) is not a reviewer with a concern.
  if (first.unusable) return { unusable: first.unusable, runs };
  let run: ReviewerRun = first;
  if (!first.report && retryable(first, options.run.signal)) {
    run = await runReviewer({
      ...options.run,
      reviewer,
      prompt: buildRetryPrompt(options.prompt, first.problem ?? 'no valid verdict'),
      folder: `${folder}-retry`,
    });
    if (run.usage) runs.push({ usage: run.usage, retry: true });
  }
  const base = {
    id: `${request.id}-${reviewer.agent}`,
    requestId: request.id,
    reviewer: reviewer.agent,
    target: request.target,
    diffRange: options.diffRange,
    at: nowIso(),
  };
  if (run.report) return { review: { ...base, ...run.report, reviewerError: false }, runs };
  if (run.unusable) return { unusable: run.unusable, runs };
  const problems = run === first ? first.problem : `${first.problem}; after one retry, ${run.problem}`;
  return {
    review: {
      ...base,
      verdict: 'concern',
      summary: `${reviewer.agent} gave no valid verdict: ${problems}`,
      findings: [],
      reviewerError: true,
    },
    runs,
  };
}

const retryable = (run: ReviewerRun, signal: AbortSignal | undefined): boolean =>
  !signal?.aborted && run.exit !== null && run.exit.spawnError === null;
