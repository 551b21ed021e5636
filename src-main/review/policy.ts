import type { Action, PeerReview, Verdict } from '../../src-shared/models';

export interface PolicyDecision {
  action: Action;
  /** Which rule fired, so the UI can explain the decision. */
  rule: PolicyRule;
  /** Who said what, most severe first. */
  reason: string;
}

export type PolicyRule =
  'no_reviewers' | 'any_blocker' | 'majority_concern' | 'single_concern' | 'all_approve';

/**
 * The seed policy (ARCHITECTURE §4) over the peer reviews of one request: any blocker stops and
 * escalates; concerns from more than half of the reviewers pause for a person; a minority of concerns is
 * logged; otherwise work continues. A reviewer that gave no valid verdict arrives here as a concern, so a
 * broken reviewer can slow work down but never wave it through.
 */
export function decide(reviews: readonly PeerReview[]): PolicyDecision {
  if (reviews.length === 0) {
    return { action: 'CONTINUE', rule: 'no_reviewers', reason: 'no other agent was available to review' };
  }
  const reason = describe(reviews);
  const count = (verdict: Verdict) => reviews.filter((r) => r.verdict === verdict).length;
  if (count('blocker') > 0) return { action: 'STOP_AND_ESCALATE', rule: 'any_blocker', reason };
  const concerns = count('concern');
  if (concerns * 2 > reviews.length) return { action: 'PAUSE_AND_CLARIFY', rule: 'majority_concern', reason };
  if (concerns > 0) return { action: 'LOG_WARNING', rule: 'single_concern', reason };
  return { action: 'CONTINUE', rule: 'all_approve', reason };
}

const SEVERITY: Record<Verdict, number> = { blocker: 0, concern: 1, approve: 2 };
const MAX_SUMMARY_CHARS = 160;

/** "gemini: concern — no burst test; codex: approve". */
function describe(reviews: readonly PeerReview[]): string {
  return [...reviews]
    .sort((a, b) => SEVERITY[a.verdict] - SEVERITY[b.verdict])
    .map((review) => {
      const who = `${review.reviewer}: ${review.verdict}${review.reviewerError ? ' (reviewer error)' : ''}`;
      if (review.verdict === 'approve' || review.summary.trim() === '') return who;
      return `${who} — ${clip(review.summary.trim())}`;
    })
    .join('; ');
}

const clip = (text: string): string => {
  // The reasons are joined with "; ": a summary's own closing stop would glue on as ".;".
  const line = text.replace(/\s+/g, ' ').replace(/[\s.;,]+$/, '');
  return line.length > MAX_SUMMARY_CHARS ? `${line.slice(0, MAX_SUMMARY_CHARS - 1)}…` : line;
};
