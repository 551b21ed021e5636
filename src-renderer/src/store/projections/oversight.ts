import type {
  Event,
  EventPayloads,
  PeerReview,
  RecoveryAction,
  ReviewRequest,
} from '../../../../src-shared/models';

export type DecisionPayload = EventPayloads['decision'];

/** The reviews & decisions panel, in the order things happened. */
export type OversightItem =
  | { kind: 'request'; seq: number; ts: string; request: ReviewRequest }
  | { kind: 'verdict'; seq: number; ts: string; review: PeerReview }
  | { kind: 'decision'; seq: number; ts: string; decision: DecisionPayload };

export interface RecoveryItem {
  seq: number;
  ts: string;
  workerId: string | null;
  action: RecoveryAction;
}

export interface Oversight {
  items: readonly OversightItem[];
  /** Every verdict by id, so a decision can show the reviews it was made from. */
  reviewsById: Readonly<Record<string, PeerReview>>;
  recoveries: readonly RecoveryItem[];
}

export const emptyOversight = (): Oversight => ({
  items: [],
  reviewsById: {},
  recoveries: [],
});

/**
 * Reviews, decisions and recoveries are few in any real session; past these many the oldest go, so the
 * page's memory stays bounded whatever runs. The verdicts by id keep those the kept items show.
 */
export const MAX_OVERSIGHT_ITEMS = 2_000;
export const MAX_RECOVERIES = 1_000;

function trimOversight(items: OversightItem[], reviewsById: Record<string, PeerReview>) {
  const kept = items.slice(items.length - MAX_OVERSIGHT_ITEMS);
  const wanted = new Set<string>();
  for (const item of kept) {
    if (item.kind === 'verdict') wanted.add(item.review.id);
    if (item.kind === 'decision') for (const id of item.decision.reviewIds) wanted.add(id);
  }
  const reviews: Record<string, PeerReview> = {};
  for (const id of wanted) if (reviewsById[id]) reviews[id] = reviewsById[id];
  return { items: kept, reviewsById: reviews };
}

/** Folds a batch into the panel; returns the same object when the batch had nothing for it. */
export function foldOversight(current: Oversight, events: readonly Event[]): Oversight {
  let items: OversightItem[] | null = null;
  let recoveries: RecoveryItem[] | null = null;
  let reviewsById: Record<string, PeerReview> | null = null;
  for (const event of events) {
    const base = { seq: event.seq, ts: event.ts };
    switch (event.type) {
      case 'review_requested':
        (items ??= [...current.items]).push({ kind: 'request', ...base, request: event.payload.request });
        break;
      case 'review_verdict':
        (items ??= [...current.items]).push({ kind: 'verdict', ...base, review: event.payload.review });
        (reviewsById ??= { ...current.reviewsById })[event.payload.review.id] = event.payload.review;
        break;
      case 'decision':
        (items ??= [...current.items]).push({ kind: 'decision', ...base, decision: event.payload });
        break;
      case 'recovery_action':
        (recoveries ??= [...current.recoveries]).push({
          ...base,
          workerId: event.workerId ?? null,
          action: event.payload.action,
        });
        break;
      default:
        break;
    }
  }
  if (!items && !recoveries && !reviewsById) return current;
  if (items && items.length > MAX_OVERSIGHT_ITEMS)
    ({ items, reviewsById } = trimOversight(items, reviewsById ?? { ...current.reviewsById }));
  if (recoveries && recoveries.length > MAX_RECOVERIES) recoveries = recoveries.slice(-MAX_RECOVERIES);
  return {
    items: items ?? current.items,
    reviewsById: reviewsById ?? current.reviewsById,
    recoveries: recoveries ?? current.recoveries,
  };
}
