import { useEffect } from 'react';
import { SESSION_STATUS } from '../status';
import { useApp } from '../store/context';
import { StatusChip } from './status-chip';

export function SessionsList() {
  const sessions = useApp((s) => s.sessions);
  const error = useApp((s) => s.sessionsError);
  const refresh = useApp((s) => s.refreshSessions);
  const openSession = useApp((s) => s.openSession);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section className="sessions" aria-label="Sessions">
      <h1>Sessions</h1>
      {error ? <p role="alert">{error}</p> : null}
      {sessions.length === 0 ? <p className="empty">No sessions yet.</p> : null}
      <ul className="session-list">
        {sessions.map((item) => (
          <li key={item.sessionId}>
            <button type="button" className="session-row" onClick={() => void openSession(item.sessionId)}>
              <StatusChip look={SESSION_STATUS[item.status]} />
              <span className="session-task">{item.task}</span>
              {item.demo ? <span className="badge">demo agents</span> : null}
              <span className="session-meta">
                {item.repo} · {new Date(item.startedAt).toLocaleString()}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
