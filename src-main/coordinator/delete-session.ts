import type { CleanReport, DeleteSessionRequest } from '../../src-shared/commands';
import { LIVE_SESSION_STATUSES } from '../../src-shared/models';
import { recoverWorkspace } from '../store/recover-workspace';
import { loadSession } from '../store/session-index';
import { cleanSessions } from './clean-sessions';
import { UserInputError } from './errors';

/**
 * Delete from the app's sessions list and `DELETE /api/sessions/:id`: the clean of one ended session (what
 * `orchestrate clean ID` does). A session at work or waiting for a person is refused — with one message, as
 * a request about that session alone — rather than skipped; the report says what was removed and what kept.
 */
export async function deleteSession(
  workspace: string,
  { sessionId, force }: DeleteSessionRequest,
  isRunning: (sessionId: string) => boolean,
): Promise<CleanReport> {
  // A session left "running" by an orchestrator that died is marked interrupted first: it has ended.
  recoverWorkspace(workspace);
  const stored = loadSession(workspace, sessionId);
  if (!stored) throw new UserInputError(`no session ${sessionId}`, 'not_found');
  const { status } = stored.state;
  if (isRunning(sessionId) || LIVE_SESSION_STATUSES.has(status)) {
    const why = status === 'paused' ? 'it is paused, waiting for an answer' : 'it is still running';
    throw new UserInputError(
      `session ${sessionId} cannot be deleted: ${why} — stop it first`,
      'session_running',
    );
  }
  return cleanSessions(workspace, { sessionId, force: force === true }, isRunning);
}
