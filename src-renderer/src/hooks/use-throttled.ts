import { useEffect, useRef, useState } from 'react';

/** Updates due at the same moment, run in one task, so React renders (and the browser lays out) them once. */
const due = new Map<number, Set<() => void>>();

function at(time: number, update: () => void): () => void {
  let updates = due.get(time);
  if (!updates) {
    const batch = new Set<() => void>();
    due.set(time, (updates = batch));
    setTimeout(
      () => {
        due.delete(time);
        for (const run of batch) run();
      },
      Math.max(0, time - performance.now()),
    );
  }
  updates.add(update);
  return () => updates.delete(update);
}

/**
 * The latest value, but a new one at most every `ms`; the last one always arrives, and a value after a
 * quiet spell at once. For views of what changes with every batch of events (panes, the timeline): the
 * store takes each batch at once, while a flood of output redraws them a few times a second instead of
 * sixty. Deferred updates fall on a shared grid of `ms`, so every throttled view redraws in the same task.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(-Infinity);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const show = (): void => {
      last.current = performance.now();
      setShown(() => value);
    };
    const now = performance.now();
    if (now - last.current >= ms) return show();
    return at(Math.ceil(now / ms) * ms, show);
  }, [value, shown, ms]);
  return shown;
}
