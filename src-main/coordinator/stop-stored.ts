import type { OpenDecision, SessionState } from '../../src-shared/models';
import { draft, TERMINAL_WORKER_STATUSES } from '../../src-shared/models';
import { openDecisionsOf } from '../../src-shared/state/oversight';
import { appendToStoredSession } from '../store/append-stored';

/**
 * A person stops a session that no process runs because it waits for them (a headless run that ended
 * paused, an escalated one). Stopping the worker of a decision: the worker
 * is stopped and its question closed; the session ends `stopped` once no question is left. Otherwise the
 * whole session is stopped: every question closed, every unfinished worker stopped.
 */
export function stopStoredSession(
  folder: string,
  stored: SessionState,
  decision: OpenDecision | null,
  choice: 'stop_worker' | 'stop_session',
): void {
  const oneWorker = choice === 'stop_worker' ? decision : null;
  appendToStoredSession(folder, stored, (emit, state) => {
    const target = oneWorker?.workerId;
    emit(
      draft('control', {
        command: 'stop',
        by: 'user',
        ...(target ? { target } : {}),
        ...(decision ? { decision: decision.id, choice: target ? 'stop_worker' : 'stop_session' } : {}),
      }),
    );
    for (const worker of state.workers) {
      if (target !== undefined && worker.workerId !== target) continue;
      if (TERMINAL_WORKER_STATUSES.includes(worker.status)) continue;
      emit(draft('worker_status', { status: 'stopped', reason: 'stopped by the person' }), worker.workerId);
    }
    if (openDecisionsOf(state).length === 0)
      emit(draft('session_status', { status: 'stopped', reason: 'stopped by the person' }));
  });
}
