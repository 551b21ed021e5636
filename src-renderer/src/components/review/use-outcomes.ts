import { useCallback, useEffect, useState } from 'react';
import type { SessionOutcomes } from '../../../../src-shared/ipc/contract';
import { useClient } from '../../client/context';
import { messageOf } from '../../store/types';

export type OutcomesState =
  | { status: 'loading' }
  | { status: 'ready'; outcomes: SessionOutcomes }
  | { status: 'error'; message: string }
  | { status: 'unavailable' };

/**
 * Each worker's diffstat and dry-run merge, read when the screen opens, when `changes` moves (a worker
 * ended, a merge landed) and when the person asks (`refresh`). The last answer stays on screen meanwhile.
 */
export function useOutcomes(sessionId: string, changes: string): { state: OutcomesState; refresh(): void } {
  const client = useClient();
  const load = client.outcomes;
  const [state, setState] = useState<OutcomesState>(load ? { status: 'loading' } : { status: 'unavailable' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!load) return;
    let current = true;
    load(sessionId)
      .then((outcomes) => current && setState({ status: 'ready', outcomes }))
      .catch((error: unknown) => current && setState({ status: 'error', message: messageOf(error) }));
    return () => {
      current = false;
    };
  }, [load, sessionId, changes, round]);
  const refresh = useCallback(() => setRound((n) => n + 1), []);
  return { state, refresh };
}
