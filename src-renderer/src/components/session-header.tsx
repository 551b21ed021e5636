import { useEffect, useState } from 'react';
import { formatCost, formatElapsed, totalCost } from '../format';
import { SESSION_STATUS } from '../status';
import { useApp } from '../store/context';
import { StatusChip } from './status-chip';

/** Re-renders once a second while the session runs, and never after it ended. */
function Elapsed({ startedAt, endedAt }: { startedAt: string; endedAt: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (endedAt !== null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [endedAt]);
  const end = endedAt === null ? now : Date.parse(endedAt);
  return <span title="Elapsed">{formatElapsed(end - Date.parse(startedAt))} elapsed</span>;
}

export function SessionHeader() {
  const state = useApp((s) => s.view?.state ?? null);
  const stopping = useApp((s) => s.view?.stopping ?? false);
  const error = useApp((s) => s.view?.error ?? null);
  const showSessions = useApp((s) => s.showSessions);
  const stopSession = useApp((s) => s.stopSession);
  if (!state) return null;
  const ended = state.endedAt !== null;
  return (
    <header className="session-header">
      <button type="button" onClick={showSessions} title="Back to the sessions list">
        ◀ Sessions
      </button>
      <h1 className="session-title" title={state.task}>
        {state.task}
      </h1>
      <span className="session-meta">repo {state.repo}</span>
      <Elapsed startedAt={state.startedAt} endedAt={state.endedAt} />
      <span title="Total cost reported by the agents">{formatCost(totalCost(state.workers))}</span>
      {state.demo ? <span className="badge">demo agents</span> : null}
      <StatusChip look={SESSION_STATUS[state.status]} title="Session status" />
      <button
        type="button"
        className="danger"
        onClick={() => void stopSession()}
        disabled={ended || stopping}
        title="Stop every worker of this session"
      >
        {stopping ? 'Stopping…' : '■ Stop'}
      </button>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </header>
  );
}
