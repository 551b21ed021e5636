import type { PeerReview } from '../../../../src-shared/models';
import { VerdictChip } from './verdict-chip';

/** A review in full: who, what verdict, why, and each finding with where it is. */
export function ReviewDetail({ review }: { review: PeerReview }) {
  return (
    <div className="review-detail">
      <p>
        <VerdictChip review={review} /> on {review.target}: {review.summary}
      </p>
      {review.findings.length > 0 ? (
        <ul className="findings">
          {review.findings.map((finding, i) => (
            <li key={i} className={`severity-${finding.severity}`}>
              <strong>{finding.severity}</strong>
              {finding.file ? (
                <code>
                  {finding.file}
                  {finding.line !== undefined ? `:${finding.line}` : ''}
                </code>
              ) : null}{' '}
              {finding.message}
              {finding.suggestion ? (
                <span className="suggestion"> — suggestion: {finding.suggestion}</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
