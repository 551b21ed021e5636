import type { Finding, PeerReview } from '../../../../src-shared/models';
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
            <FindingItem key={i} finding={finding} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** One finding as a person reads it: where, how bad, what is wrong, what to do (and who said so). */
export function FindingItem({ finding, by }: { finding: Finding; by?: string }) {
  return (
    <li className={`severity-${finding.severity}`}>
      {by ? <span className="finding-by">{by}: </span> : null}
      {finding.file ? (
        <code>
          {finding.file}
          {finding.line !== undefined ? `:${finding.line}` : ''}
        </code>
      ) : null}{' '}
      <strong>{finding.severity}</strong> {finding.message}
      {finding.suggestion ? <span className="suggestion"> — suggestion: {finding.suggestion}</span> : null}
    </li>
  );
}
