import type { SessionEventsPayload } from '../../src-shared/ipc/contract';

/** A batch that comes this long (a frame) after the last one was handed on goes on at once. */
const QUIET_MS = 16;

/**
 * Collects event batches and hands them on merged per session, at most about once per animation frame
 * while they come faster than that, so a burst of output re-renders once per frame however many batches
 * arrive. A batch after a quiet spell goes on at once: waiting for the next frame would only add to its
 * way to the store.
 */
export function createFrameBatcher(
  apply: (payload: SessionEventsPayload) => void,
  schedule: (flush: () => void) => void = (flush) => requestAnimationFrame(flush),
  now: () => number = () => performance.now(),
) {
  let pending: SessionEventsPayload[] = [];
  let scheduled = false;
  let lastFlush = -Infinity;
  const flush = (): void => {
    scheduled = false;
    lastFlush = now();
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
    if (now() - lastFlush >= QUIET_MS) return flush();
    scheduled = true;
    schedule(flush);
  };
}
