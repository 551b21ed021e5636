import { memo } from 'react';
import './session-screen.css';
import { useApp } from '../store/context';
import { SESSION_LINES, type ActivityLine } from '../store/session-view';
import { ReviewMerge } from './review/review-merge';
import { SessionTabs } from './session-tabs';
import { WorkersView } from './workers-view';
import { NeedsYou } from './oversight/needs-you';
import { SessionHeader } from './session-header';

const NO_LINES: readonly ActivityLine[] = [];

// The screen redraws with every frame of events (the workers change); these take no props and select
// what they show themselves, so they redraw only when that changes.
const Header = memo(SessionHeader);
const Decision = memo(NeedsYou);

export function SessionScreen() {
  const workers = useApp((s) => s.view?.state?.workers ?? null);
  const error = useApp((s) => s.view?.error ?? null);
  const sessionLines = useApp((s) => s.view?.lines[SESSION_LINES] ?? NO_LINES);
  const latest = sessionLines[sessionLines.length - 1];
  const tab = useApp((s) => s.sessionTab);

  if (!workers) {
    return (
      <section className="session-screen" aria-busy={error === null}>
        {error ? <p role="alert">{error}</p> : <p className="empty">Loading the session…</p>}
      </section>
    );
  }
  return (
    <section className="session-screen">
      <Header />
      <Decision />
      {latest ? <p className={`session-line line-${latest.tone}`}>{latest.text}</p> : null}
      <SessionTabs />
      {tab === 'review' ? (
        <div
          id="session-tab-panel"
          role="tabpanel"
          aria-labelledby="session-tab-review"
          className="tab-panel"
        >
          <ReviewMerge />
        </div>
      ) : (
        <div
          id="session-tab-panel"
          role="tabpanel"
          aria-labelledby="session-tab-workers"
          className="tab-panel"
        >
          <WorkersView workers={workers} />
        </div>
      )}
    </section>
  );
}
