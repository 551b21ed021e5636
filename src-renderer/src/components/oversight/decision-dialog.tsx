import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { PeerReview } from '../../../../src-shared/models';
import { hasEnded } from '../../commands/session-facts';
import { shortcut } from '../../commands/shortcut';
import { ACTION_LOOK } from '../../log/verdict-look';
import { useApp } from '../../store/context';
import { busyKey } from '../../store/session-view-slice';
import { ReviewDetail } from './findings';
import { pendingDecision, type DecisionItem } from './pending-decision';

const RESUME = shortcut('Alt+R');
const STOP = shortcut('Alt+X');

const TITLES = {
  PAUSE_AND_CLARIFY: 'The agents are paused: a question for you',
  STOP_AND_ESCALATE: 'The reviews escalated this session to you',
} as const;

function Dialog({ item, onClose }: { item: DecisionItem; onClose: () => void }) {
  const decide = useApp((s) => s.decide);
  const reviews = useApp((s) => s.view?.oversight.reviewsById);
  const busy = useApp((s) => s.view?.busy[busyKey('decide')] === true);
  const error = useApp((s) => s.view?.error ?? null);
  const canDecide = useApp((s) => s.capabilities.decide);
  const [answer, setAnswer] = useState('');
  const id = useId();
  const first = useRef<HTMLTextAreaElement>(null);
  const { decision } = item;
  const behind = decision.reviewIds.map((r) => reviews?.[r]).filter((r): r is PeerReview => r !== undefined);
  const why = !canDecide ? 'answering is not available here yet' : busy ? 'sending…' : null;

  useEffect(() => first.current?.focus(), []);

  const choose = (choice: 'resume' | 'stop'): void => {
    if (why === null)
      void decide({ choice, answer, ...(decision.target ? { workerId: decision.target } : {}) });
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') onClose();
    else if (RESUME.test(event)) choose('resume');
    else if (STOP.test(event)) choose('stop');
    else return;
    event.preventDefault();
  };

  return (
    <div className="modal-backdrop">
      <div
        className="modal decision-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-reason`}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${id}-title`}>{TITLES[decision.action as keyof typeof TITLES] ?? decision.action}</h2>
        <p id={`${id}-reason`} className="decision-reason">
          <span className="status-chip tone-alert">{decision.action}</span> {decision.reason}
        </p>
        <p className="decision-rule">
          Rule that fired: <code>{decision.rule}</code> ({ACTION_LOOK[decision.action].label})
          {decision.target ? ` · about ${decision.target}` : ''}
        </p>
        <h3>Findings</h3>
        {behind.length > 0 ? (
          behind.map((review) => <ReviewDetail key={review.id} review={review} />)
        ) : (
          <p className="muted">No review findings came with this decision.</p>
        )}
        <label className="field">
          <span className="field-label">Your answer (optional)</span>
          <textarea
            ref={first}
            rows={3}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            placeholder="What should the agents know? e.g. keep the public API unchanged"
          />
          <span className="hint">
            Sent with your choice. The agents do not receive answers yet: it is kept for the record.
          </span>
        </label>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="actions">
          <button
            type="button"
            className="primary"
            aria-disabled={why !== null}
            aria-keyshortcuts={RESUME.aria}
            title={`Resume the paused agents (${RESUME.label})${why ? ` — ${why}` : ''}`}
            onClick={() => choose('resume')}
          >
            Resume anyway
          </button>
          <button
            type="button"
            className="danger"
            aria-disabled={why !== null}
            aria-keyshortcuts={STOP.aria}
            title={`Stop every agent of this session (${STOP.label})${why ? ` — ${why}` : ''}`}
            onClick={() => choose('stop')}
          >
            Stop the session
          </button>
          <button
            type="button"
            onClick={onClose}
            title="Close; the decision stays waiting in the banner (Esc)"
          >
            Decide later
          </button>
        </div>
      </div>
    </div>
  );
}

/** Opens by itself when a decision waits for the person; a banner keeps it reachable once closed. */
export function DecisionPrompt() {
  const item = useApp((s) => pendingDecision(s.view));
  const ended = useApp((s) => (s.view?.state ? hasEnded(s.view.state) : false));
  const dismissed = useApp((s) => s.dismissedDecisionSeq);
  const dismiss = useApp((s) => s.dismissDecision);
  const [reopened, setReopened] = useState<number | null>(null);
  if (!item) return null;
  const open = !ended && (item.seq > dismissed || reopened === item.seq);
  return (
    <>
      <div className="decision-banner" role="status">
        <span className="status-chip tone-alert">{item.decision.action}</span> {item.decision.reason}
        {ended ? (
          <span className="muted"> — the session has ended.</span>
        ) : (
          <button type="button" onClick={() => setReopened(item.seq)} title="Show the findings and choices">
            Decide…
          </button>
        )}
      </div>
      {open ? (
        <Dialog
          item={item}
          onClose={() => {
            setReopened(null);
            dismiss(item.seq);
          }}
        />
      ) : null}
    </>
  );
}
