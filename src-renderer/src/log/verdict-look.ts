import type { Action, Verdict } from '../../../src-shared/models';
import { VERDICT_WORDS } from '../../../src-shared/log/describe-entry';
import type { Tone } from '../status';

export const VERDICT_LOOK: Record<Verdict, { symbol: string; label: string; tone: Tone }> = {
  approve: { ...VERDICT_WORDS.approve, tone: 'done' },
  concern: { ...VERDICT_WORDS.concern, tone: 'attention' },
  blocker: { ...VERDICT_WORDS.blocker, tone: 'bad' },
};

export const ACTION_LOOK: Record<Action, { label: string; tone: Tone }> = {
  CONTINUE: { label: 'continue', tone: 'done' },
  LOG_WARNING: { label: 'log a warning', tone: 'attention' },
  PAUSE_AND_CLARIFY: { label: 'pause and ask you', tone: 'alert' },
  STOP_AND_ESCALATE: { label: 'stop and escalate', tone: 'alert' },
};

/** Decisions that wait for a person: they open the decision dialog. */
export const ASKS_A_PERSON: readonly Action[] = ['PAUSE_AND_CLARIFY', 'STOP_AND_ESCALATE'];
