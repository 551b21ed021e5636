import type { Action } from '../../../src-shared/models';
import type { StatusLook, Tone } from '../status';

/**
 * A decision in plain words, for the main label; the policy's own name (PAUSE_AND_CLARIFY) is secondary
 * detail beside it.
 */
export const ACTION_WORDS: Record<Action, { label: string; symbol: string; tone: Tone }> = {
  CONTINUE: { label: 'Approved', symbol: '✓', tone: 'done' },
  LOG_WARNING: { label: 'Warning noted', symbol: '!', tone: 'attention' },
  PAUSE_AND_CLARIFY: { label: 'Needs your answer', symbol: '?', tone: 'alert' },
  STOP_AND_ESCALATE: { label: 'Escalated to you', symbol: '!', tone: 'alert' },
};

/**
 * How a worker with a decision open on it looks in its pane and in the summary: waiting for the person,
 * whatever its process did — an escalated worker whose run had finished must not look done.
 */
export const waitingLook = (action: Action): StatusLook => ({
  ...ACTION_WORDS[action],
  label: ACTION_WORDS[action].label.toLowerCase(),
});
