import { join } from 'node:path';
import type { Event, EventDraft, SessionState } from '../../src-shared/models';
import { applyEvent, replayState } from '../../src-shared/state/reduce-session';
import { AppendFile } from './append-file';
import { EventHub } from './event-hub';
import { readEvents } from './session-folder';
import { buildSummary, SummaryLog } from './summary';
import { cutTornTail } from './torn-tail';
import { writeJsonAtomic } from './write-json';

/** Emits one event of a stored session (workerId: the worker it is about). */
export type StoredEmit = (draft: EventDraft, workerId?: string) => void;

/**
 * Adds events to a session that no process runs (a crash found at start, a paused session a person stops):
 * its log is mended and continued, and session.json and summary.json are rewritten from the whole log,
 * which is the truth (session.json may lag it by the last few events). `write` sees the state as it goes,
 * and the events stored before.
 * Throws when the folder cannot be written; nothing is half-written but what the log already holds.
 */
export function appendToStoredSession(
  folder: string,
  stored: SessionState,
  write: (emit: StoredEmit, state: SessionState, stored: readonly Event[]) => void,
): SessionState {
  const eventsPath = join(folder, 'events.jsonl');
  cutTornTail(eventsPath);
  const { events } = readEvents(folder);
  const state = replayState(stored, events);
  const log = new SummaryLog();
  for (const event of events) log.observe(event);
  const file = new AppendFile(eventsPath);
  const hub = new EventHub({
    sessionId: stored.sessionId,
    persist: (event: Event) => {
      file.appendLine(JSON.stringify(event));
      applyEvent(state, event);
      log.observe(event);
    },
  });
  hub.resumeFrom(events.at(-1)?.seq ?? 0);
  try {
    write((draft, workerId) => void hub.emit(draft, workerId), state, events);
  } finally {
    file.close();
  }
  for (const worker of state.workers) worker.pid = null;
  writeJsonAtomic(join(folder, 'session.json'), state);
  writeJsonAtomic(join(folder, 'summary.json'), buildSummary(state, log));
  return state;
}
