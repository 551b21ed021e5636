import { join } from 'node:path';
import type { Event, SessionState } from '../../src-shared/models';
import { draft, LIVE_SESSION_STATUSES, TERMINAL_WORKER_STATUSES } from '../../src-shared/models';
import { applyEvent, replayState } from '../../src-shared/state/reduce-session';
import { killSessionProcesses } from '../workers/sweep';
import { AppendFile, storeFault, type StoreFault } from './append-file';
import { EventHub } from './event-hub';
import { readOwner, stillRunning } from './process-record';
import { readEvents } from './session-folder';
import { listSessions } from './session-index';
import { buildSummary, SummaryLog } from './summary';
import { cutTornTail } from './torn-tail';
import { writeJsonAtomic } from './write-json';

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

function markInterrupted(folder: string, stored: SessionState): void {
  const eventsPath = join(folder, 'events.jsonl');
  cutTornTail(eventsPath);
  const { events } = readEvents(folder);
  // Rebuild from the log, which is the truth; session.json may lag it by the last few events.
  const state = replayState(stored, events);
  const log = new SummaryLog();
  for (const event of events) log.observe(event);
  const file = new AppendFile(eventsPath);
  const hub = new EventHub({
    sessionId: stored.sessionId,
    persist: (event: Event) => {
      file.appendLine(JSON.stringify(event));
      applyEvent(state, event);
    },
  });
  hub.resumeFrom(events.at(-1)?.seq ?? 0);
  const reason = 'the orchestrator stopped while the session was running';
  for (const worker of state.workers) {
    if (TERMINAL_WORKER_STATUSES.includes(worker.status)) continue;
    hub.emit(
      draft('worker_status', { status: 'stopped', reason: `interrupted: ${reason}` }),
      worker.workerId,
    );
  }
  hub.emit(draft('session_status', { status: 'interrupted', reason }));
  file.close();
  for (const worker of state.workers) worker.pid = null;
  writeJsonAtomic(join(folder, 'session.json'), state);
  writeJsonAtomic(join(folder, 'summary.json'), buildSummary(state, log));
}
