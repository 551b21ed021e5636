import { describe, expect, it, vi } from 'vitest';
import type { Event, EventPayloads, EventType } from '../../src-shared/models';
import { noticeFor, Notifier, type DesktopNotice } from './notifications';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
let seq = 0;
const ev = <K extends EventType>(type: K, payload: EventPayloads[K], workerId?: string, at = T0): Event =>
  ({
    seq: ++seq,
    ts: new Date(at).toISOString(),
    sessionId: 's1',
    type,
    payload,
    ...(workerId ? { workerId } : {}),
  }) as Event;

const decision = (action: EventPayloads['decision']['action']) =>
  ev('decision', { action, reason: 'two blockers on claude', rule: 'any_blocker', reviewIds: ['r1'] });

describe('noticeFor', () => {
  it('speaks up for escalations, questions, needed input and the end of a session', () => {
    expect(noticeFor(decision('STOP_AND_ESCALATE'), 'task')?.kind).toBe('escalation');
    expect(noticeFor(decision('PAUSE_AND_CLARIFY'), 'task')?.title).toBe('A question for you');
    expect(noticeFor(ev('worker_status', { status: 'needs_input' }, 'codex'), 'task')?.title).toBe(
      'codex needs input',
    );
    expect(noticeFor(ev('session_status', { status: 'completed' }), 'Add a guide')).toEqual({
      kind: 'end',
      title: 'Session completed',
      body: 'Add a guide',
    });
  });

  it('stays quiet about routine events and about a stop the person asked for', () => {
    expect(noticeFor(decision('LOG_WARNING'), 'task')).toBeNull();
    expect(noticeFor(ev('worker_status', { status: 'running' }, 'claude'), 'task')).toBeNull();
    expect(noticeFor(ev('session_status', { status: 'stopped' }), 'task')).toBeNull();
    expect(noticeFor(ev('MILESTONE', { summary: 'done' }, 'claude'), 'task')).toBeNull();
  });
});

describe('Notifier', () => {
  function setup() {
    let feed: (events: Event[]) => void = () => {};
    const stop = vi.fn();
    const shown: DesktopNotice[] = [];
    const notifier = new Notifier({
      source: {
        subscribe: (_id, _after, onBatch) => {
          feed = onBatch;
          return stop;
        },
      },
      show: (notice) => shown.push(notice),
      taskOf: () => 'Add a guide',
      now: () => T0,
    });
    return { notifier, shown, stop, feed: (events: Event[]) => feed(events) };
  }

  it('ignores history, does not repeat itself, and lets go when the session ends', () => {
    const { notifier, shown, stop, feed } = setup();
    notifier.watch('s1', T0);
    feed([
      ev('session_status', { status: 'escalated' }, undefined, T0 - 60_000),
      decision('STOP_AND_ESCALATE'),
      ev('session_status', { status: 'escalated' }),
    ]);
    expect(shown.map((n) => n.title)).toEqual(['Escalated: the agents stopped for you']);
    expect(stop).toHaveBeenCalledTimes(1);
  });
});
