import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Event, EventPayloads, EventType, ReviewTrigger } from '../../src-shared/models';
import { ReviewTriggers } from './triggers';

let seq = 0;
const event = <K extends EventType>(type: K, payload: EventPayloads[K], workerId?: string): Event =>
  ({
    seq: ++seq,
    ts: new Date().toISOString(),
    sessionId: 's1',
    ...(workerId ? { workerId } : {}),
    type,
    payload,
  }) as Event;

const status = (workerId: string, value: EventPayloads['worker_status']['status']) =>
  event('worker_status', { status: value }, workerId);

const requested = (target: string) =>
  event(
    'review_requested',
    {
      request: {
        id: `rq-${seq}`,
        target,
        reviewers: ['codex'],
        trigger: 'milestone',
        diffRange: null,
        requestedAt: new Date().toISOString(),
      },
    },
    target,
  );

const ALL: ReviewTrigger[] = ['milestone', 'blocker', 'request_review', 'completion'];

function setup(triggers: ReviewTrigger[] = ALL, fallbackMinutes = 15) {
  const calls: Array<[string, ReviewTrigger]> = [];
  const t = new ReviewTriggers({
    review: { triggers, fallbackMinutes },
    request: (target, trigger) => calls.push([target, trigger]),
  });
  return { t, calls };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ReviewTriggers', () => {
  it('requests a review for milestone, blocker, review request and completion of a worker', () => {
    const { t, calls } = setup();
    t.observe(event('MILESTONE', { summary: 'parser done' }, 'claude'));
    t.observe(event('BLOCKER', { summary: 'need a key' }, 'codex'));
    t.observe(event('REQUEST_REVIEW', { summary: 'look at x' }, 'gemini'));
    t.observe(status('claude', 'completed'));
    expect(calls).toEqual([
      ['claude', 'milestone'],
      ['codex', 'blocker'],
      ['gemini', 'request_review'],
      ['claude', 'completion'],
    ]);
    t.dispose();
  });

  it('ignores triggers the config does not enable, and events of no worker', () => {
    const { t, calls } = setup(['blocker']);
    t.observe(event('MILESTONE', { summary: 'x' }, 'claude'));
    t.observe(event('REQUEST_REVIEW', { summary: 'x' }, 'claude'));
    t.observe(status('claude', 'completed'));
    t.observe(event('BLOCKER', { summary: 'no worker' }));
    t.observe(status('claude', 'failed'));
    expect(calls).toEqual([]);
    t.observe(event('BLOCKER', { summary: 'stuck' }, 'claude'));
    expect(calls).toEqual([['claude', 'blocker']]);
    t.dispose();
  });

  it("passes the person's button on as a user trigger", () => {
    const { t, calls } = setup([]);
    t.manual('codex');
    expect(calls).toEqual([['codex', 'user']]);
    t.dispose();
  });

  it('requests a fallback review after N minutes of a running worker without one', () => {
    const { t, calls } = setup(ALL, 10);
    t.observe(status('claude', 'starting'));
    t.observe(status('claude', 'running'));
    vi.advanceTimersByTime(10 * 60_000 - 1);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual([['claude', 'fallback']]);
    // It keeps watching: another period without a review asks again.
    vi.advanceTimersByTime(10 * 60_000);
    expect(calls).toEqual([
      ['claude', 'fallback'],
      ['claude', 'fallback'],
    ]);
    t.dispose();
  });

  it('resets the fallback whenever the worker gets a review request', () => {
    const { t, calls } = setup(ALL, 10);
    t.observe(status('codex', 'running'));
    vi.advanceTimersByTime(8 * 60_000);
    t.observe(requested('codex'));
    vi.advanceTimersByTime(8 * 60_000);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(2 * 60_000);
    expect(calls).toEqual([['codex', 'fallback']]);
    t.dispose();
  });

  it('does not review a paused worker on fallback, nor one that has ended', () => {
    const { t, calls } = setup(['milestone'], 5);
    t.observe(status('gemini', 'running'));
    t.observe(status('gemini', 'paused'));
    vi.advanceTimersByTime(5 * 60_000);
    expect(calls).toEqual([]);
    t.observe(status('gemini', 'running'));
    vi.advanceTimersByTime(5 * 60_000);
    expect(calls).toEqual([['gemini', 'fallback']]);
    t.observe(status('gemini', 'completed'));
    vi.advanceTimersByTime(60 * 60_000);
    expect(calls).toEqual([['gemini', 'fallback']]);
    expect(vi.getTimerCount()).toBe(0);
    t.dispose();
  });

  it('dispose clears every timer and ignores later events', () => {
    const { t, calls } = setup(ALL, 1);
    t.observe(status('claude', 'running'));
    t.observe(status('codex', 'running'));
    expect(vi.getTimerCount()).toBe(2);
    t.dispose();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * 60_000);
    t.observe(event('MILESTONE', { summary: 'late' }, 'claude'));
    t.manual('claude');
    expect(calls).toEqual([]);
  });

  it('uses an injected clock', () => {
    const pending: Array<() => void> = [];
    const calls: string[] = [];
    const t = new ReviewTriggers({
      review: { triggers: [], fallbackMinutes: 3 },
      request: (target, trigger) => calls.push(`${target}:${trigger}`),
      clock: {
        setTimeout: (callback, ms) => {
          expect(ms).toBe(3 * 60_000);
          pending.push(callback);
          return pending.length;
        },
        clearTimeout: () => {},
      },
    });
    t.observe(status('claude', 'running'));
    expect(pending).toHaveLength(1);
    pending[0]!();
    expect(calls).toEqual(['claude:fallback']);
    t.dispose();
  });
});
