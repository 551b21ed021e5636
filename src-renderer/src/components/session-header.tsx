import { openNeedsYou } from '../commands/open-needs-you';
import { pauseSession } from '../commands/pause-session';
import { resumeSession } from '../commands/resume-session';
import { stopSession } from '../commands/stop-session';
import { openDecisionsOf } from '../../../src-shared/state/oversight';
import { SESSION_STATUS } from '../status';
import { useApp } from '../store/context';
import { CommandButton } from './command-button';
import { Elapsed } from './elapsed';
import { StatusChip } from './status-chip';
import { SpendFigure } from './spend/spend-figure';

/** The last two folders say which repository it is; the tooltip has the whole path. */
const shortPath = (path: string): string => {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.length > 2 ? `…/${parts.slice(-2).join('/')}` : path;
};

export function SessionHeader() {
  const state = useApp((s) => s.view?.state ?? null);
  const error = useApp((s) => s.view?.error ?? null);
  const showSessions = useApp((s) => s.showSessions);
  if (!state) return null;
  return (
    <header className="session-header">
      <div className="session-header-row">
        <button type="button" onClick={showSessions} title="Back to the sessions list (Alt+S)">
          ◀ Sessions
        </button>
        <h1 className="session-title" title={state.task}>
          {state.task}
        </h1>
        <span className="session-meta" title={state.repo}>
          repo {shortPath(state.repo)}
        </span>
        <Elapsed startedAt={state.startedAt} endedAt={state.endedAt} suffix=" elapsed" />
        <SpendFigure />
        {state.demo ? <span className="badge">demo agents</span> : null}
        <StatusChip look={SESSION_STATUS[state.status]} title="Session status" />
        <span className="header-actions">
          {openDecisionsOf(state).length > 0 ? (
            <CommandButton command={openNeedsYou} className="needs-you-button" />
          ) : null}
          <CommandButton command={pauseSession} text="Pause all" className="wide-only" />
          <CommandButton command={resumeSession} className="wide-only" />
          {/* In a narrow window the two above live here instead; Stop stays in sight at any width. */}
          <details className="header-menu">
            <summary>More actions</summary>
            <div className="header-menu-items">
              <CommandButton command={pauseSession} text="Pause all" />
              <CommandButton command={resumeSession} />
            </div>
          </details>
          <CommandButton command={stopSession} text="Stop" />
        </span>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </header>
  );
}
