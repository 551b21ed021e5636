import { useRef, type KeyboardEvent } from 'react';
import { hasEnded } from '../commands/session-facts';
import { useApp } from '../store/context';
import type { SessionTab } from '../store/types';

const TABS: { tab: SessionTab; label: string }[] = [
  { tab: 'workers', label: 'Workers' },
  { tab: 'review', label: 'Review & merge' },
];

/** Workers at work, or their work to review and merge: two views of one session (WAI-ARIA tabs). */
export function SessionTabs() {
  const tab = useApp((s) => s.sessionTab);
  const show = useApp((s) => s.showSessionTab);
  const ended = useApp((s) => (s.view?.state ? hasEnded(s.view.state) : false));
  const strip = useRef<HTMLDivElement>(null);
  const onKey = (event: KeyboardEvent, index: number): void => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (delta === 0) return;
    event.preventDefault();
    const next = (index + delta + TABS.length) % TABS.length;
    show(TABS[next]!.tab);
    strip.current?.querySelectorAll<HTMLElement>('[role="tab"]')[next]?.focus();
  };
  return (
    <div className="session-tabs" role="tablist" aria-label="Session views" ref={strip}>
      {TABS.map(({ tab: id, label }, index) => (
        <button
          key={id}
          type="button"
          role="tab"
          id={`session-tab-${id}`}
          aria-selected={tab === id}
          aria-controls="session-tab-panel"
          tabIndex={tab === id ? 0 : -1}
          onClick={() => show(id)}
          onKeyDown={(e) => onKey(e, index)}
          className={id === 'review' && ended && tab !== 'review' ? 'tab-ready' : undefined}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
