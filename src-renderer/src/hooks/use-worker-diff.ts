import { useEffect, useState } from 'react';
import type { WorkerDiff } from '../../../src-shared/ipc/contract';
import { useClient } from '../client/context';
import { messageOf } from '../store/types';

export type LoadedDiff =
  { status: 'loading' } | { status: 'ready'; diff: WorkerDiff } | { status: 'error'; message: string };

/**
 * A worker's diff against the session's base, read again whenever `refresh` changes (a new file change, a
 * new review round, the person's refresh). `available` is false in a client that cannot read diffs. An
 * answer that arrives after the worker or session changed is dropped, so a slow read never shows the
 * wrong worker's changes.
 */
export function useWorkerDiff(
  sessionId: string,
  workerId: string,
  refresh: unknown,
): { available: boolean; loaded: LoadedDiff } {
  const load = useClient().diff;
  const [loaded, setLoaded] = useState<LoadedDiff>({ status: 'loading' });
  useEffect(() => {
    if (!load) return;
    let current = true;
    load(sessionId, workerId)
      .then((diff) => current && setLoaded({ status: 'ready', diff }))
      .catch((error: unknown) => current && setLoaded({ status: 'error', message: messageOf(error) }));
    return () => {
      current = false;
    };
  }, [load, sessionId, workerId, refresh]);
  return { available: load !== undefined, loaded };
}
