import { useEffect, useId, useRef } from 'react';
import type { OpenDecision } from '../../../../src-shared/models';
import { openNeedsYou } from '../../commands/open-needs-you';
import { plural } from '../../format';
import { useApp } from '../../store/context';
import { CommandButton } from '../command-button';
import { DecisionCard } from './decision-card';
import { trapTab } from './focus-trap';

const NONE: readonly OpenDecision[] = [];

/** The queue itself: one card per open decision, in a modal dialog that keeps the keyboard inside. */
function NeedsYouDialog({ decisions, onClose }: { decisions: readonly OpenDecision[]; onClose(): void }) {
  const error = useApp((s) => s.view?.error ?? null);
  const openDock = useApp((s) => s.openDock);
  const id = useId();
  const dialog = useRef<HTMLDivElement>(null);

  // The first card's answer field (or its first button) takes the focus, so typing can begin at once.
  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>('textarea, button.primary, .decision-card button')?.focus();
  }, []);

  // On the window, not the dialog: Esc and Tab must work even when the focus has left it (a click on the
  // backdrop drops it on the page's body).
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close.current();
      } else if (dialog.current) trapTab(event, dialog.current);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <div className="modal-backdrop">
      <div
        ref={dialog}
        className="modal needs-you"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
      >
        <header className="needs-you-header">
          <h2 id={`${id}-title`}>Needs you</h2>
          <span className="muted">
            {plural(decisions.length, 'decision')} waiting: {decisions.map((d) => d.workerId).join(', ')}
          </span>
          <button type="button" className="close-button" onClick={onClose} title="Close; decide later (Esc)">
            Close
          </button>
        </header>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        {decisions.map((decision) => (
          <DecisionCard
            key={decision.id}
            decision={decision}
            onInspect={() => {
              onClose();
              openDock(decision.workerId, 'diff');
            }}
          />
        ))}
      </div>
    </div>
  );
}

/**
 * "Needs you": the loudest thing on screen while any decision waits for a person. It opens by itself when a
 * new decision arrives; closed, a banner (and the header's button) keeps it one click or Alt+D away. A
 * paused session with nothing to decide still says so, with where to resume or stop it.
 */
export function NeedsYou() {
  // Not openDecisionsOf: its [] for "none" is a new array on every call, which a selector must not return.
  const decisions = useApp((s) => s.view?.state?.openDecisions ?? NONE);
  const status = useApp((s) => s.view?.state?.status ?? null);
  const dismissed = useApp((s) => s.dismissedDecisionSeq);
  const dismiss = useApp((s) => s.dismissDecision);
  if (decisions.length === 0) {
    if (status !== 'paused') return null;
    return (
      <div className="decision-banner" role="status">
        <strong>Paused</strong> — nothing is waiting for an answer. Resume or stop the session from the
        header.
      </div>
    );
  }
  const newest = Math.max(...decisions.map((d) => d.seq));
  const open = newest > dismissed;
  return (
    <>
      <div className="decision-banner needs-you-banner" role="status">
        <strong>Needs you</strong>
        <span>{decisions.map((d) => `${d.workerId}: ${d.ruleText}`).join(' · ')}</span>
        <CommandButton command={openNeedsYou} text="Open" className="primary" />
      </div>
      {open ? <NeedsYouDialog decisions={decisions} onClose={() => dismiss(newest)} /> : null}
    </>
  );
}
