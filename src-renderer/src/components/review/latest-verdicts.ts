import type { PeerReview } from '../../../../src-shared/models';
import type { OversightItem } from '../../store/projections/oversight';

/** Each reviewer's newest verdict on one worker: what stands now, earlier rounds superseded. */
export function latestVerdicts(items: readonly OversightItem[], workerId: string): PeerReview[] {
  const byReviewer = new Map<string, PeerReview>();
  for (const item of items) {
    if (item.kind === 'verdict' && item.review.target === workerId)
      byReviewer.set(item.review.reviewer, item.review);
  }
  return [...byReviewer.values()];
}
