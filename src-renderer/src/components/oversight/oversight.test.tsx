// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RecoveryAction, type Event, type PeerReview } from '../../../../src-shared/models';
import { eventMaker, fakeClient, openStore, renderWith, T0, text } from '../../testing/fixtures';
import { DecisionPrompt } from './decision-dialog';
import { RecoveryLog } from './recovery-log';
import { ReviewsPanel } from './reviews-panel';

afterEach(cleanup);

const iso = (s: number) => new Date(T0 + s * 1000).toISOString();

const review = (
  id: string,
  reviewer: string,
  verdict: PeerReview['verdict'],
  summary: string,
): PeerReview => ({
  id,
  requestId: 'q1',
  reviewer,
  target: 'claude',
  verdict,
  summary,
  findings:
    verdict === 'approve'
      ? []
      : [
          {
            severity: 'high',
            file: 'src/limiter.ts',
            line: 42,
            message: 'no burst test',
            suggestion: 'add one',
          },
        ],
  reviewerError: false,
  diffRange: { base: 'abc', head: 'def' },
  at: iso(30),
});

/** A milestone, two peer reviews, and the decision the policy made from them. */
function reviewRound(action: 'LOG_WARNING' | 'PAUSE_AND_CLARIFY' | 'STOP_AND_ESCALATE'): Event[] {
  const ev = eventMaker();
  return [
    ev('session_status', { status: 'running' }),
    ev('MILESTONE', { summary: 'limiter + tests' }, 'claude'),
    ev('review_requested', {
      request: {
        id: 'q1',
        target: 'claude',
        reviewers: ['codex', 'gemini'],
        trigger: 'milestone',
        diffRange: { base: 'abc', head: 'def' },
        requestedAt: iso(20),
      },
    }),
    ev('review_verdict', { review: review('r1', 'codex', 'approve', 'clean, tested') }),
    ev('review_verdict', { review: review('r2', 'gemini', 'concern', 'no burst test') }),
    ev('decision', {
      action,
      reason: '1 concern of 2 reviews',
      rule: action === 'LOG_WARNING' ? 'concern_minority' : 'concern_majority',
      target: 'claude',
      reviewIds: ['r1', 'r2'],
    }),
  ];
}

describe('reviews & decisions panel', () => {
  it('shows each verdict in words and each decision with the rule and the verdicts behind it', () => {
    const store = openStore();
    store.getState().applyEvents({ sessionId: 's1', events: reviewRound('LOG_WARNING') });
    renderWith(store, <ReviewsPanel />);
    const panel = screen.getByRole('region', { name: 'Reviews & decisions' });
    expect(text(panel)).toContain('review requested: codex, gemini → claude');
    expect(text(panel)).toContain('codex→claude ✓ approve');
    expect(text(panel)).toContain('gemini→claude ! concern');
    const decision = panel.querySelector('[data-action="LOG_WARNING"]') as HTMLElement;
    expect(text(decision)).toContain('decision LOG_WARNING for claude — 1 concern of 2 reviews');
    expect(text(decision)).toContain('Rule that fired: concern_minority');
    const verdicts = within(decision).getByLabelText('Verdicts behind this decision');
    expect(text(verdicts)).toContain('codex: approve');
    expect(text(verdicts)).toContain('gemini: concern');
    // A routine warning does not open the dialog.
    renderWith(store, <DecisionPrompt />);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('decision dialog', () => {
  it('opens for a clarification, shows the findings and sends the choice with the answer', async () => {
    const client = fakeClient();
    const store = openStore(client);
    store.getState().applyEvents({ sessionId: 's1', events: reviewRound('PAUSE_AND_CLARIFY') });
    renderWith(store, <DecisionPrompt />, client);
    const dialog = screen.getByRole('dialog', { name: 'The agents are paused: a question for you' });
    expect(text(dialog)).toContain('1 concern of 2 reviews');
    expect(text(dialog)).toContain('Rule that fired: concern_majority');
    expect(text(dialog)).toContain('src/limiter.ts:42 no burst test — suggestion: add one');
    fireEvent.change(within(dialog).getByLabelText(/Your answer/), { target: { value: 'bursts are fine' } });
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Resume anyway' }));
    });
    expect(client.decide).toHaveBeenCalledWith({
      sessionId: 's1',
      choice: 'resume',
      answer: 'bursts are fine',
      workerId: 'claude',
    });
  });

  it('aims the answer at the worker the decision is about, not the first one waiting', async () => {
    const client = fakeClient();
    const store = openStore(client);
    const events = reviewRound('PAUSE_AND_CLARIFY').map((event) =>
      event.type === 'decision' ? { ...event, payload: { ...event.payload, target: 'codex' } } : event,
    );
    store.getState().applyEvents({ sessionId: 's1', events });
    renderWith(store, <DecisionPrompt />, client);
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/Your answer/), { target: { value: 'keep the API' } });
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Resume anyway' }));
    });
    expect(client.decide).toHaveBeenCalledWith(
      expect.objectContaining({ sessionId: 's1', workerId: 'codex', answer: 'keep the API' }),
    );
  });

  it('answers an escalation by stop from the keyboard, and is gone once a person acted', async () => {
    const client = fakeClient();
    const store = openStore(client);
    const events = reviewRound('STOP_AND_ESCALATE');
    store.getState().applyEvents({ sessionId: 's1', events });
    renderWith(store, <DecisionPrompt />, client);
    const dialog = screen.getByRole('dialog', { name: 'The reviews escalated this session to you' });
    await act(async () => {
      fireEvent.keyDown(dialog, { key: 'x', code: 'KeyX', altKey: true });
    });
    expect(client.decide).toHaveBeenCalledWith({ sessionId: 's1', choice: 'stop', workerId: 'claude' });
    act(() =>
      store.getState().applyEvents({
        sessionId: 's1',
        events: [{ ...eventMaker()('control', { command: 'stop', by: 'user' }), seq: events.length + 1 }],
      }),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('closes on Escape and stays reachable from its banner', () => {
    const store = openStore();
    store.getState().applyEvents({ sessionId: 's1', events: reviewRound('PAUSE_AND_CLARIFY') });
    renderWith(store, <DecisionPrompt />);
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(text(screen.getByRole('status'))).toContain('PAUSE_AND_CLARIFY 1 concern of 2 reviews');
    fireEvent.click(screen.getByRole('button', { name: 'Decide…' }));
    expect(screen.queryByRole('dialog')).not.toBeNull();
  });
});

describe('recovery log', () => {
  it('shows the reason and the command line before and after', () => {
    const store = openStore();
    const ev = eventMaker();
    const action = RecoveryAction.parse({
      kind: 'relaunch',
      errorId: 'claude.permission',
      reason: 'Write was denied in default mode',
      attempt: 1,
      addArgs: ['--permission-mode', 'acceptEdits'],
      before: ['claude', '-p', 'task'],
      after: ['claude', '-p', '--permission-mode', 'acceptEdits', 'task'],
    });
    store.getState().applyEvents({ sessionId: 's1', events: [ev('recovery_action', { action }, 'claude')] });
    renderWith(store, <RecoveryLog />);
    const log = screen.getByRole('region', { name: 'Recovery' });
    expect(text(log)).toContain('claude: Write was denied in default mode');
    expect(text(log)).toContain('relaunch · attempt 1');
    expect(text(within(log).getByTitle('Before'))).toContain('claude -p task');
    expect(text(within(log).getByTitle('After'))).toContain('claude -p --permission-mode acceptEdits task');
    expect(text(log)).toContain('+ --permission-mode acceptEdits');
    expect(store.getState().view?.state?.workers[0]?.recoveries).toBe(1);
  });
});
