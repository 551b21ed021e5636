import { useEffect } from 'react';
import { RESUMABLE } from '../commands/session-facts';
import { SESSION_STATUS } from '../status';
import { useApp } from '../store/context';
import { DeleteSession } from './delete-session';
import { StatusChip } from './status-chip';
import { spendBreakdown, spendCost } from '../../../src-shared/log/spend-text';

/** While the list is on screen, statuses of sessions running in the background stay current. */
const REFRESH_MS = 2000;

export function SessionsList() {
  const sessions = useApp((s) => s.sessions);
  const error = useApp((s) => s.sessionsError);
  const refresh = useApp((s) => s.refreshSessions);
  const openSession = useApp((s) => s.openSession);
  const resumeSession = useApp((s) => s.resumeSession);
  const resuming = useApp((s) => s.resuming);
  const canResume = useApp((s) => s.capabilities.resume);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <section className="sessions" aria-label="Sessions">
      <h1>Sessions</h1>
      {error ? <p role="alert">{error}</p> : null}
      {sessions.length === 0 ? <p className="empty">No sessions yet.</p> : null}
      <ul className="session-list">
        {sessions.map((item) => {
          const resumable = RESUMABLE.has(item.status);
          const busy = resuming[item.sessionId] === true;
          return (
            <li key={item.sessionId} className="session-item" data-session={item.sessionId}>
              <button
                type="button"
                className="session-row"
                onClick={() => void openSession(item.sessionId)}
                title="Open this session (Enter)"
              >
                <StatusChip look={SESSION_STATUS[item.status]} />
                <span className="session-task">{item.task}</span>
                {item.demo ? <span className="badge">demo agents</span> : null}
                <span className="session-meta">
                  {item.repo} · {new Date(item.startedAt).toLocaleString()}
                  {item.spend ? (
                    <span className="session-spend" title={spendBreakdown(item.spend)}>
                      {' '}
                      · {spendCost(item.spend.total)} ({spendBreakdown(item.spend)})
                    </span>
                  ) : null}
                </span>
              </button>
              {resumable ? (
                <button
                  type="button"
                  aria-disabled={busy || !canResume}
                  title={
                    !canResume
                      ? 'Resume — not available here yet'
                      : busy
                        ? 'Resuming…'
                        : `Resume this ${item.status} session: its unfinished workers continue where they were (Shift+R in the session)`
                  }
                  onClick={() => !busy && canResume && void resumeSession(item.sessionId)}
                >
                  {busy ? 'Resuming…' : '▶ Resume'}
                </button>
              ) : null}
              <DeleteSession item={item} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
