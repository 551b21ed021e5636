import type { Event, SessionState, SessionSummary } from '../../src-shared/models';
import { LIVE_SESSION_STATUSES } from '../../src-shared/models';
import type { SessionService } from '../coordinator/session-service';
import { readEvents } from '../store/session-folder';
import { loadSession } from '../store/session-index';
import { ApiError } from './api-error';

/** A session folder name; anything else (paths, dot names) is refused before the disk is touched. */
const SESSION_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

export interface SelectedSession {
  sessionId: string;
  state: SessionState;
}

/** `?session=ID`, else the newest live session, else the newest stored one. */
export function selectSession(service: SessionService, requested: string | undefined): SelectedSession {
  if (requested !== undefined) {
    if (!SESSION_ID.test(requested)) throw new ApiError(400, 'bad_session', 'not a session id');
    const state = service.state(requested);
    if (!state) throw new ApiError(404, 'not_found', `no session ${requested}`);
    return { sessionId: requested, state };
  }
  const sessions = service.list();
  const chosen = sessions.find((s) => LIVE_SESSION_STATUSES.has(s.status)) ?? sessions[0];
  const state = chosen ? service.state(chosen.sessionId) : null;
  if (!chosen || !state) throw new ApiError(404, 'not_found', 'there is no session yet');
  return { sessionId: chosen.sessionId, state };
}

/** The whole log: from the live hub (memory, then disk) when the session runs here, else from its file. */
export function sessionEvents(service: SessionService, selected: SelectedSession): Event[] {
  const hub = service.session(selected.sessionId)?.hub;
  if (hub) return hub.eventsAfter(0, hub.lastSeq);
  return readEvents(selected.state.folder).events;
}

/** summary.json of a session that does not run here, when it has one. */
export function storedSummary(service: SessionService, sessionId: string): SessionSummary | null {
  if (service.session(sessionId)) return null;
  return loadSession(service.workspace, sessionId)?.summary ?? null;
}
