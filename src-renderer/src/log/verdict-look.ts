import type { Verdict } from '../../../src-shared/models';
import { VERDICT_WORDS } from '../../../src-shared/log/describe-entry';
import type { Tone } from '../status';

export const VERDICT_LOOK: Record<Verdict, { symbol: string; label: string; tone: Tone }> = {
  approve: { ...VERDICT_WORDS.approve, tone: 'done' },
  concern: { ...VERDICT_WORDS.concern, tone: 'attention' },
  blocker: { ...VERDICT_WORDS.blocker, tone: 'bad' },
};
