import { describe, expect, it } from 'vitest';
import { SessionState, type Event, type EventDraft } from '../models';
import { openDecisionsOf, ruleInWords } from './oversight';
import { applyEvent, newWorkerState, replayState } from './reduce-session';

const base = (): SessionState => ({
  sessionId: 's',
  task: 't',
  repo: '/r',
  folder: '/f',
  status: 'running',
  demo: true,
  baseCommit: 'abc',
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: null,
  workers: ['claude', 'codex'].map((w) => newWorkerState(w, w, '/r', true)),
  openDecisions: [],
});

/** Stamps drafts into a log, as the hub does. */
function log(...drafts: [EventDraft, string?][]): Event[] {
  return drafts.map(([d, workerId], i) => ({
    ...d,
    seq: i + 1,
    ts: '2026-01-01T00:00:01.000Z',
    sessionId: 's',
    ...(workerId ? { workerId } : {}),
  })) as Event[];
}

const pause = (target: string): [EventDraft, string] => [
  {
    type: 'decision',
    payload: {
      action: 'PAUSE_AND_CLARIFY',
      reason: 'codex: concern — no test',
      rule: 'majority_concern',
      target,
      reviewIds: ['r1', 'r2'],
      verdicts: [
        { reviewer: 'codex', verdict: 'concern', summary: 'no test' },
        { reviewer: 'gemini', verdict: 'concern', summary: 'no docs' },
      ],
      findings: [{ severity: 'medium', file: 'a.ts', line: 3, message: 'untested', suggestion: 'add one' }],
    },
  },
  target,
];
const control = (
  command: 'resume' | 'stop' | 'pause',
  by: 'user' | 'policy',
  target?: string,
): [EventDraft] => [{ type: 'control', payload: { command, by, ...(target ? { target } : {}) } }];
const status = (s: SessionState['status']): [EventDraft] => [
  { type: 'session_status', payload: { status: s } },
];
const fold = (events: Event[]) => events.reduce(applyEvent, base());

describe('the oversight fold', () => {
  it('opens one decision per worker, with the reviewers, findings and what it allows', () => {
    const state = fold(log(pause('claude')));
    expect(SessionState.parse(state).openDecisions).toEqual([
      {
        id: '1',
        seq: 1,
        workerId: 'claude',
        action: 'PAUSE_AND_CLARIFY',
        rule: 'majority_concern',
        ruleText: '2 of 2 reviewers raised concerns',
        question: 'codex: concern — no test. What should claude do?',
        reason: 'codex: concern — no test',
        findings: [{ severity: 'medium', file: 'a.ts', line: 3, message: 'untested', suggestion: 'add one' }],
        verdicts: [
          { reviewer: 'codex', verdict: 'concern', summary: 'no test' },
          { reviewer: 'gemini', verdict: 'concern', summary: 'no docs' },
        ],
        unreviewed: [],
        allows: ['answer', 'continue', 'stop_worker', 'stop_session', 'inspect_diff'],
        openedAt: '2026-01-01T00:00:01.000Z',
      },
    ]);
  });

  it('a second decision on the same worker replaces the first; another worker gets its own', () => {
    const state = fold(log(pause('claude'), pause('claude'), pause('codex')));
    expect(openDecisionsOf(state).map((d) => [d.workerId, d.id])).toEqual([
      ['claude', '2'],
      ['codex', '3'],
    ]);
  });

  it("the person's resume or stop closes what it is aimed at; the policy's own stop closes nothing", () => {
    const events = log(pause('claude'), pause('codex'), control('stop', 'policy'), control('pause', 'user'));
    expect(openDecisionsOf(fold(events))).toHaveLength(2);
    const answered = fold([
      ...events,
      ...log(control('resume', 'user', 'claude')).map((e) => ({ ...e, seq: 9 })),
    ]);
    expect(openDecisionsOf(answered).map((d) => d.workerId)).toEqual(['codex']);
    const stopped = fold([...events, ...log(control('stop', 'user')).map((e) => ({ ...e, seq: 9 }))]);
    expect(openDecisionsOf(stopped)).toEqual([]);
  });

  it('a session that ends completed, failed or stopped leaves nothing open; paused or escalated keeps it', () => {
    for (const kept of ['paused', 'escalated', 'interrupted'] as const)
      expect(openDecisionsOf(fold(log(pause('claude'), status(kept))))).toHaveLength(1);
    for (const ended of ['completed', 'failed', 'stopped'] as const)
      expect(openDecisionsOf(fold(log(pause('claude'), status(ended))))).toEqual([]);
  });

  it('closing replaces the list, so a view holding the earlier state still sees it', () => {
    const state = fold(log(pause('claude')));
    const before = state.openDecisions;
    applyEvent(state, log(control('stop', 'user', 'claude'))[0]!);
    expect(before).toHaveLength(1);
    expect(state.openDecisions).toEqual([]);
  });

  it('replaying a log on a state that already holds its decisions does not double them', () => {
    const events = log(pause('claude'));
    const state = fold(events);
    expect(openDecisionsOf(replayState(state, events))).toHaveLength(1);
    for (const e of events) applyEvent(state, e);
    expect(openDecisionsOf(state)).toHaveLength(1);
  });

  it('ignores decisions that need nobody, and decisions about no worker', () => {
    const warn = log([
      {
        type: 'decision',
        payload: {
          action: 'LOG_WARNING',
          reason: 'r',
          rule: 'single_concern',
          target: 'claude',
          reviewIds: [],
        },
      },
    ]);
    const nobody = log([
      { type: 'decision', payload: { action: 'STOP_AND_ESCALATE', reason: 'r', rule: 'x', reviewIds: [] } },
    ]);
    expect(openDecisionsOf(fold(warn))).toEqual([]);
    expect(openDecisionsOf(fold(nobody))).toEqual([]);
  });

  it('words the rules for people', () => {
    const v = (verdict: 'approve' | 'concern' | 'blocker') => ({ reviewer: 'x', verdict, summary: '' });
    expect(ruleInWords('any_blocker', [v('blocker'), v('approve')])).toBe('1 of 2 reviewers found a blocker');
    expect(ruleInWords('majority_concern', [v('concern')], [{ reviewer: 'gemini', reason: 'setup' }])).toBe(
      '1 of 1 reviewer raised concerns (gemini could not review)',
    );
    expect(ruleInWords('security:rm-rf', [])).toBe("the command guard's rule rm-rf");
  });
});
