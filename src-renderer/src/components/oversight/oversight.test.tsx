// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RecoveryAction, type Event, type PeerReview } from '../../../../src-shared/models';
import { eventMaker, openStore, renderWith, T0, text } from '../../testing/fixtures';
import { NeedsYou } from './needs-you';
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
    // Plain words lead; the policy's own names follow as small detail.
    expect(text(decision)).toContain('decision ! Warning noted for claude — 1 concern of 2 reviews');
    expect(text(decision.querySelector('.internal-name'))).toBe('LOG_WARNING');
    expect(text(decision)).toContain('Rule that fired: concern_minority');
    const verdicts = within(decision).getByLabelText('Verdicts behind this decision');
    expect(text(verdicts)).toContain('codex: approve');
    expect(text(verdicts)).toContain('gemini: concern');
    // A routine warning does not open the dialog.
    renderWith(store, <NeedsYou />);
    expect(screen.queryByRole('dialog')).toBeNull();
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
    // Why → what changed, in words; the catalogue's names beside it.
    expect(text(log)).toContain(
      'claude: Write was denied in default mode → relaunched (attempt 1): added --permission-mode acceptEdits, started a new conversation (relaunch, claude.permission)',
    );
    expect(text(log)).toContain('+ --permission-mode acceptEdits');
    // The whole command lines only on demand, a long prompt shortened.
    expect(text(within(log).getByTitle('Before'))).toContain('claude -p task');
    expect(text(within(log).getByTitle('After'))).toContain('claude -p --permission-mode acceptEdits task');
    expect(within(log).getByText('Command lines').closest('details')?.open).toBe(false);
    expect(store.getState().view?.state?.workers[0]?.recoveries).toBe(1);
  });
});
