import { ASKS_A_PERSON } from '../../log/verdict-look';
import type { OversightItem } from '../../store/projections/oversight';
import type { SessionView } from '../../store/session-view';

export type DecisionItem = Extract<OversightItem, { kind: 'decision' }>;

/**
 * The decision that waits for the person: the latest one that pauses or escalates, unless a person has
 * paused, resumed or stopped since — that was their answer.
 */
export function pendingDecision(view: SessionView | null): DecisionItem | null {
  if (!view) return null;
  const { items, lastUserControlSeq } = view.oversight;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.kind !== 'decision') continue;
    if (item.seq <= lastUserControlSeq) return null;
    if (ASKS_A_PERSON.includes(item.decision.action)) return item;
  }
  return null;
}
