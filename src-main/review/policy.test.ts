import { describe, expect, it } from 'vitest';
import type { PeerReview, Verdict } from '../../src-shared/models';
import { decide } from './policy';

const review = (reviewer: string, verdict: Verdict, summary = '', reviewerError = false): PeerReview => ({
  id: `r-${reviewer}`,
  requestId: 'rq-1',
  reviewer,
  target: 'claude',
  verdict,
  summary,
  findings: [],
  reviewerError,
  diffRange: null,
  at: '2025-01-01T00:00:00.000Z',
});

describe('decide', () => {
  it('continues when there is nobody to review', () => {
    expect(decide([])).toMatchObject({ action: 'CONTINUE', rule: 'no_reviewers' });
  });

  it('continues when everyone approves', () => {
    expect(decide([review('codex', 'approve'), review('gemini', 'approve')])).toEqual({
      action: 'CONTINUE',
      rule: 'all_approve',
      reason: 'codex: approve; gemini: approve',
    });
  });

  it('stops and escalates on a blocker among approvals', () => {
    const decision = decide([
      review('codex', 'approve'),
      review('gemini', 'blocker', 'deletes the user table'),
    ]);
    expect(decision).toEqual({
      action: 'STOP_AND_ESCALATE',
      rule: 'any_blocker',
      reason: 'gemini: blocker — deletes the user table; codex: approve',
    });
  });

  it('a blocker wins over a majority of concerns', () => {
    const decision = decide([
      review('a', 'concern', 'x'),
      review('b', 'concern', 'y'),
      review('c', 'blocker'),
    ]);
    expect(decision.action).toBe('STOP_AND_ESCALATE');
  });

  it('logs a warning for one concern of two: a tie is not a majority', () => {
    expect(decide([review('gemini', 'concern', 'no burst test'), review('codex', 'approve')])).toEqual({
      action: 'LOG_WARNING',
      rule: 'single_concern',
      reason: 'gemini: concern — no burst test; codex: approve',
    });
  });

  it('pauses when every reviewer has a concern', () => {
    expect(decide([review('codex', 'concern', 'a'), review('gemini', 'concern', 'b')])).toMatchObject({
      action: 'PAUSE_AND_CLARIFY',
      rule: 'majority_concern',
    });
  });

  it('pauses for 2 concerns of 3 and warns for 1 of 3', () => {
    const two = [review('a', 'concern', 'x'), review('b', 'concern', 'y'), review('c', 'approve')];
    expect(decide(two).action).toBe('PAUSE_AND_CLARIFY');
    const one = [review('a', 'concern', 'x'), review('b', 'approve'), review('c', 'approve')];
    expect(decide(one).action).toBe('LOG_WARNING');
  });

  it('counts reviewer errors as concerns and says so', () => {
    const single = decide([review('codex', 'concern', 'codex gave no valid verdict', true)]);
    expect(single).toEqual({
      action: 'PAUSE_AND_CLARIFY',
      rule: 'majority_concern',
      reason: 'codex: concern (reviewer error) — codex gave no valid verdict',
    });
    const mixed = decide([
      review('codex', 'concern', 'no valid verdict', true),
      review('gemini', 'concern', 'missing docs'),
    ]);
    expect(mixed.action).toBe('PAUSE_AND_CLARIFY');
    const withApproval = decide([
      review('codex', 'concern', 'no valid verdict', true),
      review('gemini', 'approve'),
    ]);
    expect(withApproval.action).toBe('LOG_WARNING');
  });

  it('joins the reasons without gluing a summary’s own full stop to the separator', () => {
    const decision = decide([
      review('codex', 'concern', 'No burst test.'),
      review('gemini', 'concern', 'Docs missing; '),
    ]);
    expect(decision.reason).toBe('codex: concern — No burst test; gemini: concern — Docs missing');
    expect(decision.reason).not.toMatch(/[.;]\s*;|;\s*$/);
  });

  it('keeps the reason short when a summary is long', () => {
    const decision = decide([review('codex', 'concern', 'word '.repeat(200))]);
    expect(decision.reason.length).toBeLessThan(200);
    expect(decision.reason).toMatch(/…$/);
  });
});
