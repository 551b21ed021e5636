import type { PeerReview } from '../../../../src-shared/models';
import { VERDICT_LOOK } from '../../log/verdict-look';

/** "codex ✓ approve": the verdict as word and symbol, never colour alone. */
export function VerdictChip({ review }: { review: PeerReview }) {
  const look = VERDICT_LOOK[review.verdict];
  return (
    <span
      className={`status-chip tone-${look.tone}`}
      title={
        review.reviewerError ? 'The reviewer gave no valid verdict; counted as a concern' : review.summary
      }
    >
      <span aria-hidden="true">{look.symbol}</span> {review.reviewer}: {look.label}
      {review.reviewerError ? ' (no valid verdict)' : ''}
    </span>
  );
}
