import { useId, useState, type KeyboardEvent } from 'react';
import type { DecisionChoice, OpenDecision } from '../../../../src-shared/models';
import { shortcut } from '../../commands/shortcut';
import { ACTION_WORDS } from '../../log/decision-words';
import { VERDICT_LOOK } from '../../log/verdict-look';
import { FindingItem } from './findings';
import { useApp } from '../../store/context';
import { busyKey } from '../../store/session-view-slice';

const SEND = shortcut('Mod+Enter');

/** The findings behind a decision, each as a person reads it. */
function FindingList({ decision }: { decision: OpenDecision }) {
  if (decision.findings.length === 0)
    return <p className="muted">The reviewers listed no findings with file and line.</p>;
  return (
    <ul className="findings" aria-label={`Findings on ${decision.workerId}`}>
      {decision.findings.map((finding, i) => (
        <FindingItem key={i} finding={finding} />
      ))}
    </ul>
  );
}

/** Who reviewed and what each said, and who could not review and why. */
function VerdictList({ decision }: { decision: OpenDecision }) {
  if (decision.verdicts.length === 0 && decision.unreviewed.length === 0) return null;
  return (
    <ul className="decision-verdict-list" aria-label={`Reviews of ${decision.workerId}`}>
      {decision.verdicts.map((v) => {
        const look = VERDICT_LOOK[v.verdict];
        return (
          <li key={v.reviewer}>
            <span className={`status-chip tone-${look.tone}`}>
              <span aria-hidden="true">{look.symbol}</span> {v.reviewer}: {look.label}
            </span>{' '}
            {v.summary}
            {v.reviewerError ? (
              <span className="muted"> (no valid verdict: counted as a concern)</span>
            ) : null}
            {v.reused ? <span className="muted"> (same diff as an earlier review: reused)</span> : null}
          </li>
        );
      })}
      {decision.unreviewed.map((u) => (
        <li key={u.reviewer} className="muted">
          {u.reviewer} could not review: {u.reason}
        </li>
      ))}
    </ul>
  );
}

/**
 * One open decision, aimed at its worker: every action names the decision and the worker, so an answer
 * reaches the worker the card is about and no other.
 */
export function DecisionCard({ decision, onInspect }: { decision: OpenDecision; onInspect(): void }) {
  const decide = useApp((s) => s.decide);
  const busy = useApp((s) => s.view?.busy[busyKey('decide', decision.workerId)] === true);
  const canDecide = useApp((s) => s.capabilities.decide);
  const [answer, setAnswer] = useState('');
  const id = useId();
  const worker = decision.workerId;
  const look = ACTION_WORDS[decision.action];
  const escalated = decision.action === 'STOP_AND_ESCALATE';
  const allows = new Set(decision.allows);
  const why = !canDecide ? 'answering is not available here yet' : busy ? 'sending…' : null;
  const whyNotSend = why ?? (answer.trim() === '' ? 'write an answer first' : null);

  const choose = (choice: DecisionChoice): void => {
    if ((choice === 'answer' ? whyNotSend : why) !== null) return;
    void decide({
      decisionId: decision.id,
      workerId: worker,
      choice,
      ...(choice === 'answer' ? { answer } : {}),
    });
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (!SEND.test(event)) return;
    event.preventDefault();
    choose('answer');
  };
  const button = (
    choice: DecisionChoice,
    label: string,
    title: string,
    className?: string,
    reason: string | null = why,
  ) =>
    allows.has(choice) ? (
      <button
        type="button"
        className={className}
        aria-disabled={reason !== null}
        title={reason ? `${title} — ${reason}` : title}
        onClick={() => choose(choice)}
      >
        {label}
      </button>
    ) : null;

  return (
    <article
      className={`decision-card action-${decision.action}`}
      aria-labelledby={`${id}-title`}
      data-worker={worker}
      data-decision={decision.id}
    >
      <header className="decision-card-header">
        <h3 id={`${id}-title`}>
          {worker} — {decision.ruleText}
        </h3>
        <span className={`status-chip tone-${look.tone}`}>
          <span aria-hidden="true">{look.symbol}</span> {look.label}
        </span>
        <code className="internal-name" title="The policy's action and the rule that fired">
          {decision.action} · {decision.rule}
        </code>
      </header>
      <p className="decision-question">{decision.question}</p>
      <VerdictList decision={decision} />
      <h4>Findings</h4>
      <FindingList decision={decision} />
      {allows.has('answer') ? (
        <label className="field">
          <span className="field-label" id={`${id}-answer`}>
            Your answer to {worker}
          </span>
          <textarea
            aria-labelledby={`${id}-answer`}
            aria-describedby={`${id}-hint`}
            rows={3}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            onKeyDown={onKeyDown}
            aria-keyshortcuts={SEND.aria}
            placeholder={`What should ${worker} do? e.g. keep the public API unchanged`}
          />
          <span className="hint" id={`${id}-hint`}>
            {worker}&apos;s current run ends and its CLI is relaunched on its own conversation with your
            answer as the next prompt ({SEND.label}).
          </span>
        </label>
      ) : null}
      <div className="actions">
        {button(
          'answer',
          `Send answer to ${worker}`,
          `Relaunch ${worker} on its own conversation with your answer`,
          'primary',
          whyNotSend,
        )}
        {button(
          'continue',
          escalated ? 'Continue anyway' : 'Continue without answering',
          escalated
            ? `Override the reviewers: ${worker} goes on despite the escalation`
            : `${worker} goes on as it was, without an answer`,
        )}
        {allows.has('inspect_diff') ? (
          <button type="button" onClick={onInspect} title={`Open ${worker}'s changes under the panes`}>
            Inspect {worker}&apos;s diff
          </button>
        ) : null}
        <span className="stop-actions">
          {button('stop_worker', `Stop ${worker}`, `Stop ${worker} only; the others go on`, 'danger')}
          {button('stop_session', 'Stop the session', 'Stop every worker and end the session', 'danger')}
        </span>
      </div>
    </article>
  );
}
