import type { Action } from '../models';

/**
 * A decision in plain words, for the main label; the policy's own name (PAUSE_AND_CLARIFY) and rule
 * (majority_concern) are secondary detail beside it.
 */
export const ACTION_PLAIN: Record<Action, string> = {
  CONTINUE: 'Approved',
  LOG_WARNING: 'Warning noted',
  PAUSE_AND_CLARIFY: 'Needs your answer',
  STOP_AND_ESCALATE: 'Escalated to you',
};

/** The protocol signals in plain words; the agent's keyword stays in the log's detail. */
export const SIGNAL_PLAIN = {
  MILESTONE: 'Milestone',
  BLOCKER: 'Blocker',
  REQUEST_REVIEW: 'Asks for a review',
} as const;
