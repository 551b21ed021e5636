import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionChoice, Event, EventDraft, SessionState, WorkerStatus } from '../../src-shared/models';
import { draft } from '../../src-shared/models';
import { openDecisionsOf, restartFindings, reviewHold } from '../../src-shared/state/oversight';
import { applyEvent, newWorkerState, replayState } from '../../src-shared/state/reduce-session';
import { checkDecision } from '../../src-main/coordinator/check-decision';
import { UserInputError } from '../../src-main/coordinator/errors';

/**
 * Random sessions through the oversight state machine: worker events, reviews with every kind of verdict,
 * a person's choices (right, wrong and missing worker), stops and restarts. The core's reactions are played
 * as the session plays them (pause or escalate on a decision, a stop ends it, a restart mends the log), and
 * after every step the invariants are checked on the state folded from the log.
 */

const WORKERS = ['claude', 'codex', 'gemini'] as const;
type Worker = (typeof WORKERS)[number];
const ENDED = new Set(['completed', 'failed', 'stopped']);

type Step =
  | { kind: 'work'; worker: Worker; status: WorkerStatus }
  | {
      kind: 'review';
      worker: Worker;
      action: 'CONTINUE' | 'LOG_WARNING' | 'PAUSE_AND_CLARIFY' | 'STOP_AND_ESCALATE';
    }
  | { kind: 'decide'; worker: Worker | null; choice: DecisionChoice; answer: string; byId: boolean }
  | { kind: 'stop' }
  | { kind: 'restart' };

const worker = fc.constantFrom(...WORKERS);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('work' as const),
    worker,
    status: fc.constantFrom<WorkerStatus>('running', 'completed', 'failed', 'recovering', 'rate_limited'),
  }),
  fc.record({
    kind: fc.constant('review' as const),
    worker,
    action: fc.constantFrom('CONTINUE', 'LOG_WARNING', 'PAUSE_AND_CLARIFY', 'STOP_AND_ESCALATE'),
  }),
  fc.record({
    kind: fc.constant('decide' as const),
    worker: fc.option(worker, { nil: null }),
    choice: fc.constantFrom<DecisionChoice>('answer', 'continue', 'stop_worker', 'stop_session'),
    answer: fc.constantFrom('', 'use redis'),
    byId: fc.boolean(),
  }),
  fc.constant({ kind: 'stop' as const }),
  fc.constant({ kind: 'restart' as const }),
);

class Model {
  log: Event[] = [];
  state: SessionState = {
    sessionId: 's',
    task: 't',
    repo: '/r',
    folder: '/f',
    status: 'running',
    demo: true,
    baseCommit: 'abc',
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: null,
    workers: WORKERS.map((w) => ({ ...newWorkerState(w, w, '/r', true), status: 'running' as const })),
    openDecisions: [],
  };

  emit(d: EventDraft, workerId?: string): void {
    const event = {
      ...d,
      seq: this.log.length + 1,
      ts: '2026-01-01T00:00:01.000Z',
      sessionId: 's',
      ...(workerId ? { workerId } : {}),
    } as Event;
    this.log.push(event);
    applyEvent(this.state, event);
  }

  get ended(): boolean {
    return ENDED.has(this.state.status) || this.state.status === 'interrupted';
  }

  play(s: Step): void {
    if (s.kind === 'restart') return this.restart();
    if (s.kind === 'stop') {
      this.emit(draft('control', { command: 'stop', by: 'user' }));
      this.emit(draft('session_status', { status: 'stopped' }));
      return;
    }
    if (this.ended || this.state.status === 'escalated') {
      if (s.kind === 'decide') this.decide(s);
      return;
    }
    if (s.kind === 'work') {
      if (openDecisionsOf(this.state).some((d) => d.workerId === s.worker)) return;
      this.emit(draft('worker_status', { status: s.status }), s.worker);
    } else if (s.kind === 'review') this.review(s.worker, s.action);
    else this.decide(s);
  }

  review(target: Worker, action: Extract<Step, { kind: 'review' }>['action']): void {
    if (reviewHold(this.state, target)) return;
    const reviewers = WORKERS.filter((w) => w !== target);
    const request = {
      id: `rq-${this.log.length}`,
      target,
      reviewers: [...reviewers],
      trigger: 'milestone' as const,
      diffRange: null,
      requestedAt: '2026-01-01T00:00:01.000Z',
    };
    this.emit(draft('review_requested', { request }), target);
    const verdict =
      action === 'STOP_AND_ESCALATE' ? 'blocker' : action === 'CONTINUE' ? 'approve' : 'concern';
    const verdicts = reviewers.map((reviewer) => ({ reviewer, verdict, summary: 'x' }) as const);
    const rule = {
      CONTINUE: 'all_approve',
      LOG_WARNING: 'single_concern',
      PAUSE_AND_CLARIFY: 'majority_concern',
      STOP_AND_ESCALATE: 'any_blocker',
    }[action];
    this.emit(draft('decision', { action, reason: 'r', rule, target, reviewIds: [], verdicts }), target);
    if (action === 'PAUSE_AND_CLARIFY') {
      this.setStatus('paused');
      this.emit(draft('worker_status', { status: 'needs_input' }), target);
    } else if (action === 'STOP_AND_ESCALATE') {
      this.emit(draft('control', { command: 'stop', by: 'policy' }));
      this.setStatus('escalated');
    }
  }

  decide(s: Extract<Step, { kind: 'decide' }>): void {
    const byId = s.byId ? openDecisionsOf(this.state).find((d) => d.workerId === s.worker) : undefined;
    const request = {
      sessionId: 's',
      choice: s.choice,
      answer: s.answer,
      ...(s.worker ? { workerId: s.worker } : {}),
      ...(byId ? { decisionId: byId.id } : {}),
    };
    const before = this.log.length;
    let decision;
    try {
      decision = checkDecision(this.state, request);
    } catch (error) {
      expect(error).toBeInstanceOf(UserInputError);
      expect(this.log.length).toBe(before);
      return;
    }
    if (s.choice !== 'stop_session') {
      // Accepted only when the request named the decision's own worker.
      expect(decision?.workerId).toBe(s.worker);
    }
    this.carryOut(s.choice, decision ?? null);
  }

  /** What the session does for an accepted choice. */
  carryOut(choice: DecisionChoice, decision: { id: string; workerId: string } | null): void {
    const tag = decision ? { decision: decision.id, choice } : {};
    if (choice === 'stop_session') {
      this.emit(draft('control', { command: 'stop', by: 'user', ...tag }));
      this.emit(draft('session_status', { status: 'stopped' }));
      return;
    }
    const target = decision!.workerId;
    this.emit(
      draft('control', { command: choice === 'stop_worker' ? 'stop' : 'resume', by: 'user', target, ...tag }),
    );
    if (choice === 'stop_worker') this.emit(draft('worker_status', { status: 'stopped' }), target);
    else this.emit(draft('worker_status', { status: 'running' }), target);
    const waiting = openDecisionsOf(this.state);
    if (waiting.length === 0) this.setStatus('running');
    else if (this.state.status === 'escalated' && !waiting.some((d) => d.action === 'STOP_AND_ESCALATE'))
      this.setStatus('paused');
  }

  setStatus(status: SessionState['status']): void {
    if (this.state.status !== status) this.emit(draft('session_status', { status }));
  }

  restart(): void {
    const before = openDecisionsOf(this.state).map((d) => d.id);
    const status = this.state.status;
    this.state = replayState(this.state, this.log);
    expect(openDecisionsOf(this.state).map((d) => d.id)).toEqual(before);
    const findings = restartFindings(this.state);
    for (const w of findings.stopped) this.emit(draft('worker_status', { status: 'stopped' }), w);
    if (findings.interrupted) this.emit(draft('session_status', { status: 'interrupted' }));
    // A session that waits for a person is not a crash: it keeps its status and its questions.
    if (status === 'paused' || status === 'escalated') {
      expect(this.state.status).toBe(status);
      expect(openDecisionsOf(this.state).map((d) => d.id)).toEqual(before);
    }
  }
}

function checkInvariants(model: Model, last: Step): void {
  const { state } = model;
  const open = openDecisionsOf(state);
  // Every open decision names exactly one worker of the session, and no worker has two.
  for (const d of open) expect(WORKERS).toContain(d.workerId);
  expect(new Set(open.map((d) => d.workerId)).size).toBe(open.length);
  // Each can be answered, continued or stopped, and each of those closes it.
  for (const d of open) {
    expect(d.allows).toEqual(expect.arrayContaining(['answer', 'continue', 'stop_session']));
    for (const choice of d.allows) {
      if (choice === 'inspect_diff') continue;
      const clone = new Model();
      clone.log = [...model.log];
      clone.state = structuredClone(state);
      clone.carryOut(choice, d);
      expect(openDecisionsOf(clone.state).some((o) => o.id === d.id)).toBe(false);
    }
  }
  // A stop ends the session from any state, leaving nothing to decide.
  if (last.kind === 'stop') {
    expect(state.status).toBe('stopped');
    expect(open).toEqual([]);
  }
  // Paused means someone is asked something; questions mean the session waits (or was cut short).
  if (state.status === 'paused') expect(open.length).toBeGreaterThan(0);
  if (open.length > 0) expect(['paused', 'escalated', 'interrupted']).toContain(state.status);
}

/** Over the whole log: no review started for a worker that waited for a person, or after an escalation. */
function checkNoHeldReview(model: Model): void {
  const state = replayState(model.state, []);
  for (const event of model.log) {
    if (event.type === 'review_requested') expect(reviewHold(state, event.payload.request.target)).toBeNull();
    if (event.type === 'decision' && event.payload.target && event.payload.action !== 'CONTINUE') {
      // A worker already waiting is never asked again: the decision comes from a review that was allowed.
      if (event.payload.action !== 'LOG_WARNING')
        expect(openDecisionsOf(state).some((d) => d.workerId === event.payload.target)).toBe(false);
    }
    applyEvent(state, event);
  }
  expect(openDecisionsOf(state).map((d) => d.id)).toEqual(openDecisionsOf(model.state).map((d) => d.id));
}

describe('the oversight state machine under random sessions', () => {
  it('keeps its invariants over 10,000 random sequences of work, verdicts, answers, stops and restarts', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const model = new Model();
        for (const s of steps) {
          model.play(s);
          checkInvariants(model, s);
        }
        checkNoHeldReview(model);
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});
