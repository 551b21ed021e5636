import { useRef, type KeyboardEvent } from 'react';
import { closeDock } from '../../commands/log-view';
import { hasEnded } from '../../commands/session-facts';
import { useApp } from '../../store/context';
import { SESSION_LINES } from '../../store/session-view';
import type { DockMode } from '../../store/types';
import { CommandButton } from '../command-button';
import { DiffView } from './diff-view';
import { NormalizedLog } from './normalized-log';
import { RawLog } from './raw-log';

const MODES: { mode: DockMode; label: string; key: string }[] = [
  { mode: 'normalized', label: 'Normalized', key: 'L' },
  { mode: 'raw', label: 'Raw', key: 'Shift+L' },
  { mode: 'diff', label: 'Diff', key: 'D' },
];

/**
 * The log panel under the panes: one tab per worker (and one for the session's own events), each with its
 * normalized log, its raw output and its diff. Only the open tab renders anything.
 */
export function LogDock() {
  const dock = useApp((s) => s.dock);
  const sessionId = useApp((s) => s.view?.sessionId ?? null);
  const workers = useApp((s) => s.view?.state?.workers ?? null);
  const live = useApp((s) => (s.view?.state ? !hasEnded(s.view.state) : false));
  const caps = useApp((s) => s.capabilities);
  const openDock = useApp((s) => s.openDock);
  const tabs = useRef<HTMLDivElement>(null);
  if (!sessionId || !workers) return null;
  const keys = [
    ...workers.map((w) => ({ id: w.workerId, label: w.agent })),
    { id: SESSION_LINES, label: 'session' },
  ];
  const active = dock?.workerId ?? null;
  const isSession = active === SESSION_LINES;

  // Arrow keys move between tabs (the WAI-ARIA tabs pattern); Tab leaves the strip.
  const onTabKey = (event: KeyboardEvent, index: number): void => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (delta === 0) return;
    event.preventDefault();
    const target = (index + delta + keys.length) % keys.length;
    const next = keys[target]!;
    openDock(next.id, next.id === SESSION_LINES ? 'normalized' : dock?.mode);
    const buttons = tabs.current?.querySelectorAll<HTMLElement>('[role="tab"]');
    buttons?.[target]?.focus();
  };

  const modeUnavailable = (mode: DockMode): string | null => {
    if (mode === 'normalized') return null;
    if (isSession) return 'the session has no output of its own';
    if (mode === 'raw' && !caps.rawLog) return 'not available here yet';
    if (mode === 'diff' && !caps.diff) return 'not available here yet';
    return null;
  };

  return (
    <section className={`panel log-dock${dock ? ' open' : ''}`} aria-label="Logs">
      <div className="dock-bar">
        <span className="dock-title">Logs</span>
        <div role="tablist" aria-label="Worker logs" ref={tabs} className="dock-tabs">
          {keys.map((key, index) => (
            <button
              key={key.id || 'session'}
              type="button"
              role="tab"
              id={`dock-tab-${key.id || 'session'}`}
              aria-selected={active === key.id}
              aria-controls="dock-panel"
              tabIndex={active === key.id || (active === null && index === 0) ? 0 : -1}
              onClick={() => openDock(key.id, key.id === SESSION_LINES ? 'normalized' : dock?.mode)}
              onKeyDown={(e) => onTabKey(e, index)}
              title={
                index < workers.length
                  ? `${key.label}'s log (${index + 1}, then L)`
                  : 'The session’s own events'
              }
            >
              {key.label}
            </button>
          ))}
        </div>
        {dock ? (
          <div className="dock-modes" role="radiogroup" aria-label="View">
            {MODES.map(({ mode, label, key }) => {
              const why = modeUnavailable(mode);
              return (
                <button
                  key={mode}
                  type="button"
                  role="radio"
                  aria-checked={dock.mode === mode}
                  aria-disabled={why !== null}
                  title={`${label} (${key})${why ? ` — ${why}` : ''}`}
                  onClick={() => why === null && openDock(dock.workerId, mode)}
                >
                  {label}
                </button>
              );
            })}
          </div>
        ) : (
          <span className="muted dock-hint">
            Choose a worker to read its log (L), raw output (Shift+L) or changes (D).
          </span>
        )}
        <span className="spacer" />
        {dock ? <CommandButton command={closeDock} compact /> : null}
      </div>
      {dock ? (
        <div
          id="dock-panel"
          role="tabpanel"
          aria-labelledby={`dock-tab-${dock.workerId || 'session'}`}
          className="dock-panel"
        >
          {dock.mode === 'normalized' || isSession ? (
            <NormalizedLog key={dock.workerId} logKey={dock.workerId} />
          ) : dock.mode === 'raw' ? (
            <RawLog key={dock.workerId} sessionId={sessionId} workerId={dock.workerId} live={live} />
          ) : (
            <DiffView key={dock.workerId} sessionId={sessionId} workerId={dock.workerId} />
          )}
        </div>
      ) : null}
    </section>
  );
}
