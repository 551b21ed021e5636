import { describe, expect, it } from 'vitest';
import {
  Event,
  OrchestratorDecision,
  PeerReview,
  PlanJson,
  RecoveryAction,
  SessionState,
  VerdictReport,
  WorkerStatus,
} from './index';

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('models', () => {
  it('validate events by type and survive a JSON round trip unchanged', () => {
    const event = {
      seq: 7,
      ts: '2026-11-25T15:21:13.505Z',
      sessionId: 's',
      workerId: 'claude',
      type: 'usage',
      payload: { inputTokens: 10, outputTokens: 2, cachedInputTokens: 0, costUsd: 0.01 },
      lines: { from: 3, to: 3 },
    };
    expect(Event.parse(roundTrip(event))).toEqual(event);
    expect(() => Event.parse({ ...event, payload: { text: 'not usage' } })).toThrow();
    expect(() => Event.parse({ ...event, type: 'nonsense' })).toThrow();
    expect(() => Event.parse({ ...event, ts: 'yesterday' })).toThrow();
  });

  it('cover the statuses and actions the architecture names', () => {
    expect(WorkerStatus.options).toEqual(
      expect.arrayContaining([
        'pending',
        'starting',
        'running',
        'paused',
        'needs_input',
        'reviewing',
        'rate_limited',
        'server_error',
        'setup_required',
        'recovering',
        'completed',
        'failed',
        'stopped',
      ]),
    );
    const decision = {
      id: 'd1',
      action: 'PAUSE_AND_CLARIFY',
      reason: '2 of 2 reviewers raised a concern',
      rule: 'majority_concern',
      reviewIds: ['r1', 'r2'],
      at: '2026-11-25T15:21:13.505Z',
    };
    expect(OrchestratorDecision.parse(roundTrip(decision))).toEqual(decision);
    expect(() => OrchestratorDecision.parse({ ...decision, action: 'IGNORE' })).toThrow();
  });

  it('parse the verdict and plan JSON of the agent protocol', () => {
    expect(VerdictReport.parse({ verdict: 'approve', summary: 'clean' })).toEqual({
      verdict: 'approve',
      summary: 'clean',
      findings: [],
    });
    expect(() => VerdictReport.parse({ verdict: 'lgtm', summary: '' })).toThrow();
    expect(() => PlanJson.parse({ assignments: [] })).toThrow();
    const review = {
      id: 'r1',
      requestId: 'q1',
      reviewer: 'codex',
      target: 'claude',
      verdict: 'concern',
      summary: 'no burst test',
      findings: [
        { severity: 'medium', file: 'src/limiter.ts', line: 12, message: 'no test', suggestion: 'add one' },
      ],
      reviewerError: false,
      diffRange: { base: 'abc', head: 'def' },
      at: '2026-11-25T15:21:13.505Z',
    };
    expect(PeerReview.parse(roundTrip(review))).toEqual(review);
  });

  it('fill recovery defaults and keep session state round-trippable', () => {
    expect(
      RecoveryAction.parse({ kind: 'relaunch', errorId: 'codex-untrusted', reason: 'r', attempt: 1 }),
    ).toMatchObject({
      addArgs: [],
      removeArgs: [],
      env: {},
    });
    const state = {
      sessionId: 's',
      task: 't',
      repo: '/r',
      folder: '/f',
      status: 'running',
      demo: true,
      baseCommit: null,
      startedAt: '2026-11-25T15:21:13.505Z',
      endedAt: null,
      workers: [],
    };
    expect(SessionState.parse(roundTrip(state))).toEqual(state);
  });
});
