import type { SessionState } from '../../src-shared/models';
import { draft, LIVE_SESSION_STATUSES } from '../../src-shared/models';
import { restartFindings, type RestartFindings } from '../../src-shared/state/oversight';
import { killSessionProcesses } from '../workers/sweep';
import { unclaimedRawLines } from './unclaimed-raw';
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
    const findings = restartFindings(stored.state);
    // Paused with nothing at work beside its questions (a headless run that ended asking): nothing to mend.
    if (!findings.interrupted && findings.stopped.length === 0) continue;
    try {
      markInterrupted(stored.folder, stored.state, findings);
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
function markInterrupted(folder: string, stored: SessionState, findings: RestartFindings): void {
  const reason = 'the orchestrator stopped while the session was running';
  appendToStoredSession(folder, stored, (emit, _state, events) => {
    // Raw lines are written before the events that name them: a crash between the two leaves a few lines
    // no event names. Each gets its event now, so every line of raw.jsonl stays claimed.
    for (const { workerId, lineNo, line } of unclaimedRawLines(folder, events))
      emit(draft('raw', { line, reason: 'unknown' }, { from: lineNo, to: lineNo }), workerId);
    for (const workerId of findings.stopped)
      emit(draft('worker_status', { status: 'stopped', reason: `interrupted: ${reason}` }), workerId);
    if (findings.interrupted) emit(draft('session_status', { status: 'interrupted', reason }));
  });
}
