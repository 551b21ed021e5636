import type {
  Event,
  OrchestratorDecision,
  PeerReview,
  SessionState,
  SessionSummary,
} from '../../src-shared/models';
import { buildSummary, SummaryLog } from '../store/summary';
import type { RecoveryEntry } from './schemas';

/**
 * Reviews, decisions and recoveries as the log records them. Derived from events rather than kept
 * elsewhere, so the API can never disagree with events.jsonl, for a running session or a stored one.
 */
export const reviewsOf = (events: readonly Event[]): PeerReview[] =>
  events.flatMap((e) => (e.type === 'review_verdict' ? [e.payload.review] : []));

/** The decision event has no id of its own: its seq is unique within the session. */
export const decisionsOf = (events: readonly Event[]): OrchestratorDecision[] =>
  events.flatMap((e) =>
    e.type === 'decision'
      ? [
          {
            id: `decision-${e.seq}`,
            action: e.payload.action,
            reason: e.payload.reason,
            rule: e.payload.rule,
            ...(e.payload.target === undefined ? {} : { target: e.payload.target }),
            reviewIds: [...e.payload.reviewIds],
            at: e.ts,
          },
        ]
      : [],
  );

export const recoveriesOf = (events: readonly Event[]): RecoveryEntry[] =>
  events.flatMap((e) =>
    e.type === 'recovery_action'
      ? [{ ...e.payload.action, seq: e.seq, workerId: e.workerId ?? null, at: e.ts }]
      : [],
  );

/** summary.json's shape for a session at this moment, from its state and its log. */
export function summaryOf(state: SessionState, events: readonly Event[]): SessionSummary {
  const log = new SummaryLog();
  for (const event of events) log.observe(event);
  return buildSummary(state, log);
}
