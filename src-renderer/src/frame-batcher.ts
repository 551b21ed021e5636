import type { SessionEventsPayload } from '../../src-shared/ipc/contract';

/**
 * Collects event batches and hands them on once per animation frame, merged per session, so a burst of
 * output re-renders the panes once per frame however many batches arrive.
 */
export function createFrameBatcher(
  apply: (payload: SessionEventsPayload) => void,
  schedule: (flush: () => void) => void = (flush) => requestAnimationFrame(flush),
) {
  let pending: SessionEventsPayload[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const batches = pending;
    pending = [];
    const bySession = new Map<string, SessionEventsPayload>();
    for (const batch of batches) {
      const merged = bySession.get(batch.sessionId);
      if (merged) merged.events.push(...batch.events);
      else bySession.set(batch.sessionId, { sessionId: batch.sessionId, events: [...batch.events] });
    }
    for (const payload of bySession.values()) apply(payload);
  };
  return (payload: SessionEventsPayload): void => {
    pending.push(payload);
    if (scheduled) return;
    scheduled = true;
    schedule(flush);
  };
}
