import type { SessionState } from '../../src-shared/models';
import { draft, LIVE_SESSION_STATUSES, TERMINAL_WORKER_STATUSES } from '../../src-shared/models';
import { openDecisionOn } from '../../src-shared/state/oversight';
import { killSessionProcesses } from '../workers/sweep';
import { storeFault, type StoreFault } from './append-file';
import { appendToStoredSession } from './append-stored';
import { readOwner, stillRunning } from './process-record';
import { listSessions } from './session-index';

export interface InterruptedSession {
  sessionId: string;
  killed: number[];
  /** Its folder could not be written (disk full or read-only): its processes are gone, but it still reads as live. */
  unrecorded?: StoreFault;
}

/**
 * At start: every session that claims to be live but whose orchestrator is gone was interrupted (kill -9,
 * crash, power loss). Its leftover processes are killed, its log is mended and ends with the worker and
 * session statuses that say so, and its summary is rewritten — so `sessions` tells the truth and
 * `resume` can continue it. Sessions owned by a live orchestrator are left alone.
 */
export function recoverWorkspace(workspace: string): InterruptedSession[] {
  const out: InterruptedSession[] = [];
  for (const stored of listSessions(workspace)) {
    if (!LIVE_SESSION_STATUSES.has(stored.state.status)) continue;
    const owner = readOwner(stored.folder);
    if (owner && stillRunning(owner)) continue;
    const killed = killSessionProcesses(stored.state.sessionId);
    // Paused with nothing at work beside its questions (a headless run that ended asking): nothing to mend.
    if (stored.state.status === 'paused' && !workingBesideQuestions(stored.state)) continue;
    try {
      markInterrupted(stored.folder, stored.state);
      out.push({ sessionId: stored.state.sessionId, killed });
    } catch (error) {
      // One session on a failing disk must not stop the others from being listed, shown or resumed.
      out.push({ sessionId: stored.state.sessionId, killed, unrecorded: storeFault(stored.folder, error) });
    }
  }
  return out;
}

/**
 * The orchestrator vanished. A session at work was interrupted: its unfinished workers stopped, the session
 * `interrupted`. A paused one was waiting for a person and still is: its questions stay open and it stays
 * paused; only workers that were still running beside the question were interrupted.
 */
const workingBesideQuestions = (state: SessionState): boolean =>
  state.workers.some(
    (w) => !TERMINAL_WORKER_STATUSES.includes(w.status) && !openDecisionOn(state, w.workerId),
  );

function markInterrupted(folder: string, stored: SessionState): void {
  const paused = stored.status === 'paused';
  const reason = 'the orchestrator stopped while the session was running';
  appendToStoredSession(folder, stored, (emit, state) => {
    for (const worker of state.workers) {
      if (TERMINAL_WORKER_STATUSES.includes(worker.status)) continue;
      if (paused && openDecisionOn(state, worker.workerId)) continue;
      emit(draft('worker_status', { status: 'stopped', reason: `interrupted: ${reason}` }), worker.workerId);
    }
    if (!paused) emit(draft('session_status', { status: 'interrupted', reason }));
  });
}
