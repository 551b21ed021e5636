import { LIVE_SESSION_STATUSES, type Event } from '../../src-shared/models';
import type { EventSource } from './event-forwarder';

export interface DesktopNotice {
  /** Notices of one kind for one session are not repeated within a short while. */
  kind: string;
  title: string;
  body: string;
}

const worker = (event: Event): string => event.workerId ?? 'a worker';

/**
 * The events a person away from the window must hear about: a decision or status that waits for them, and
 * the end of the session. Everything else stays in the app, so a notification always means "look now".
 */
export function noticeFor(event: Event, task: string): DesktopNotice | null {
  switch (event.type) {
    case 'decision':
      if (event.payload.action === 'STOP_AND_ESCALATE')
        return {
          kind: 'escalation',
          title: 'Escalated: the agents stopped for you',
          body: event.payload.reason,
        };
      if (event.payload.action === 'PAUSE_AND_CLARIFY')
        return { kind: 'question', title: 'A question for you', body: event.payload.reason };
      return null;
    case 'worker_status':
      if (event.payload.status === 'needs_input')
        return {
          kind: `input:${worker(event)}`,
          title: `${worker(event)} needs input`,
          body: event.payload.reason ?? task,
        };
      if (event.payload.status === 'setup_required')
        return {
          kind: `setup:${worker(event)}`,
          title: `${worker(event)} needs setup`,
          body: event.payload.reason ?? task,
        };
      return null;
    case 'session_status':
      if (event.payload.status === 'escalated')
        return { kind: 'escalation', title: 'Session escalated', body: event.payload.reason ?? task };
      if (event.payload.status === 'completed')
        return { kind: 'end', title: 'Session completed', body: task };
      if (event.payload.status === 'failed')
        return { kind: 'end', title: 'Session failed', body: event.payload.reason ?? task };
      return null;
    default:
      return null;
  }
}

const REPEAT_AFTER_MS = 30_000;

export interface NotifierOptions {
  source: EventSource;
  show: (notice: DesktopNotice, sessionId: string) => void;
  taskOf: (sessionId: string) => string;
  now?: () => number;
}

/**
 * Follows the sessions this app started or resumed and turns their events into desktop notices. Events from
 * before watch() (a resumed session's history) are history, not news.
 */
export class Notifier {
  private readonly watching = new Map<string, () => void>();
  private readonly lastShown = new Map<string, number>();

  constructor(private readonly options: NotifierOptions) {}

  /** `since`: events stamped earlier are history; a new session passes the moment it was asked for. */
  watch(sessionId: string, since: number = (this.options.now ?? Date.now)()): void {
    if (this.watching.has(sessionId)) return;
    const now = this.options.now ?? Date.now;
    const task = this.options.taskOf(sessionId);
    const stop = this.options.source.subscribe(sessionId, 0, (events) => {
      for (const event of events) {
        if (Date.parse(event.ts) < since) continue;
        const notice = noticeFor(event, task);
        if (notice) this.show(sessionId, notice, now());
        if (event.type === 'session_status' && !LIVE_SESSION_STATUSES.has(event.payload.status))
          this.unwatch(sessionId);
      }
    });
    this.watching.set(sessionId, stop);
  }

  unwatch(sessionId: string): void {
    this.watching.get(sessionId)?.();
    this.watching.delete(sessionId);
  }

  dispose(): void {
    for (const sessionId of [...this.watching.keys()]) this.unwatch(sessionId);
  }

  private show(sessionId: string, notice: DesktopNotice, at: number): void {
    const key = `${sessionId}\n${notice.kind}`;
    const last = this.lastShown.get(key);
    if (last !== undefined && at - last < REPEAT_AFTER_MS) return;
    this.lastShown.set(key, at);
    this.options.show(notice, sessionId);
  }
}
