import type { PeerReview } from '../../../../src-shared/models';
import { ACTION_WORDS } from '../../log/decision-words';
import { VERDICT_LOOK } from '../../log/verdict-look';
import { useApp } from '../../store/context';
import type { OversightItem } from '../../store/projections/oversight';
import { ReviewDetail } from './findings';
import { VerdictChip } from './verdict-chip';

/** The panel shows the newest ones; the log tab "session" has them all. */
const SHOWN = 200;
const NO_ITEMS: readonly OversightItem[] = [];
const NO_REVIEWS: Readonly<Record<string, PeerReview>> = {};

const time = (ts: string) => <time dateTime={ts}>{new Date(ts).toLocaleTimeString()}</time>;

function Row({ item, reviews }: { item: OversightItem; reviews: Readonly<Record<string, PeerReview>> }) {
  if (item.kind === 'request') {
    const { request } = item;
    return (
      <li className="oversight-row muted">
        {time(item.ts)} review requested: {request.reviewers.join(', ')} → {request.target}{' '}
        <span className="badge">{request.trigger}</span>
      </li>
    );
  }
  if (item.kind === 'verdict') {
    const { review } = item;
    const look = VERDICT_LOOK[review.verdict];
    return (
      <li className="oversight-row">
        <details>
          <summary>
            {time(item.ts)} {review.reviewer}→{review.target}{' '}
            <span className={`status-chip tone-${look.tone}`}>
              <span aria-hidden="true">{look.symbol}</span> {look.label}
            </span>{' '}
            <q>{review.summary}</q>
          </summary>
          <ReviewDetail review={review} />
        </details>
      </li>
    );
  }
  const { decision } = item;
  const words = ACTION_WORDS[decision.action];
  const behind = decision.reviewIds.map((id) => reviews[id]).filter((r): r is PeerReview => r !== undefined);
  return (
    <li className="oversight-row decision" data-action={decision.action}>
      <details open={words.tone === 'alert'}>
        <summary>
          {time(item.ts)} decision{' '}
          <span className={`status-chip tone-${words.tone}`}>
            <span aria-hidden="true">{words.symbol}</span> {words.label}
          </span>
          {decision.target ? ` for ${decision.target}` : ''} — {decision.reason}{' '}
          <code className="internal-name">{decision.action}</code>
        </summary>
        <p className="decision-rule">
          Rule that fired: {decision.ruleText ? `${decision.ruleText} ` : ''}
          <code>{decision.rule}</code>
        </p>
        {behind.length > 0 ? (
          <div className="decision-verdicts" aria-label="Verdicts behind this decision">
            {behind.map((review) => (
              <VerdictChip key={review.id} review={review} />
            ))}
          </div>
        ) : (
          <p className="muted">
            {decision.reviewIds.length > 0
              ? `Based on ${decision.reviewIds.length} review(s) not in this log.`
              : 'Not based on any review.'}
          </p>
        )}
      </details>
    </li>
  );
}

export function ReviewsPanel() {
  const items = useApp((s) => s.view?.oversight.items ?? NO_ITEMS);
  const reviews = useApp((s) => s.view?.oversight.reviewsById ?? NO_REVIEWS);
  const shown = items.slice(-SHOWN);
  return (
    <section className="panel reviews-panel" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews &amp; decisions</h2>
      {items.length === 0 ? (
        <p className="empty">No reviews yet: peers review each other at milestones and at the end.</p>
      ) : (
        <ol className="oversight-list">
          {shown.map((item) => (
            <Row key={item.seq} item={item} reviews={reviews} />
          ))}
        </ol>
      )}
    </section>
  );
}
