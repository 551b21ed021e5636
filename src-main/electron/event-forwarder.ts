import type { Event } from '../../src-shared/models';
import type { SessionEventsWire } from '../../src-shared/ipc/contract';
import { eventLine } from '../store/event-line';
import type { SenderLike } from './ipc-server';

export interface EventSource {
  /** `onBatch` gets the events' text too when the source has it (a running session's hub). */
  subscribe(
    sessionId: string,
    afterSeq: number,
    onBatch: (events: Event[], lines?: string[]) => void,
    ready?: () => boolean,
  ): () => void;
}

/**
 * Events sent to a page and not yet confirmed received, past which no more are sent. Electron's send never
 * blocks: a page that falls behind (a hidden window is throttled, a long render) would otherwise have every
 * batch queued in this process, hundreds of megabytes over a long session. Held here, a subscription is
 * only a cursor into the session's log, and the page gets what followed once it confirms.
 */
export const UNCONFIRMED_EVENTS = 50_000;

interface Subscription {
  sender: SenderLike;
  stop: () => void;
  /** Seq of the last event sent, and of the last the page confirmed. */
  sent: number;
  confirmed: number;
}

/**
 * Forwards each session's event batches to the pages that asked for them, no further ahead of what each
 * page confirmed (`session:received`) than UNCONFIRMED_EVENTS. A subscription belongs to one document: when
 * the page reloads or its window closes, dropSender ends them, and the new document subscribes again from
 * the last seq it has seen (snapshot, then tail).
 */
export class EventForwarder {
  private readonly bySender = new Map<number, Map<string, Subscription>>();

  constructor(
    private readonly source: EventSource,
    private readonly window = UNCONFIRMED_EVENTS,
  ) {}

  subscribe(sender: SenderLike, sessionId: string, afterSeq: number): void {
    this.unsubscribe(sender.id, sessionId);
    let sessions = this.bySender.get(sender.id);
    if (!sessions) {
      sessions = new Map();
      this.bySender.set(sender.id, sessions);
    }
    const subscription: Subscription = {
      sender,
      stop: () => undefined,
      sent: afterSeq,
      confirmed: afterSeq,
    };
    subscription.stop = this.source.subscribe(
      sessionId,
      afterSeq,
      (events, lines) => {
        if (events.length === 0) return;
        if (sender.isDestroyed()) {
          this.dropSender(sender.id);
          return;
        }
        subscription.sent = events[events.length - 1]!.seq;
        const eventsJson = `[${(lines ?? events.map(eventLine)).join(',')}]`;
        const payload: SessionEventsWire = { sessionId, lastSeq: subscription.sent, eventsJson };
        sender.send('session:events', payload);
      },
      () => subscription.sent - subscription.confirmed < this.window,
    );
    sessions.set(sessionId, subscription);
  }

  /**
   * The session's log may have grown past the source a page follows: a session no process runs any more
   * (escalated, paused headless) was ended or continued by a person's choice, and its running hub, if it had
   * one, is closed. Every page following the session is subscribed again from what it was sent, so it gets
   * what was appended — and follows a continued session's new run.
   */
  follow(sessionId: string): void {
    const following = [...this.bySender.values()].flatMap((sessions) => {
      const subscription = sessions.get(sessionId);
      return subscription ? [subscription] : [];
    });
    for (const { sender, sent, confirmed } of following) {
      if (sender.isDestroyed()) continue;
      this.subscribe(sender, sessionId, sent);
      // What the page has not confirmed yet still counts against its window.
      const renewed = this.bySender.get(sender.id)?.get(sessionId);
      if (renewed) renewed.confirmed = confirmed;
    }
  }

  /** The page holds every event of the session up to `seq`: more may follow. */
  received(senderId: number, sessionId: string, seq: number): void {
    const subscription = this.bySender.get(senderId)?.get(sessionId);
    if (subscription && seq > subscription.confirmed)
      subscription.confirmed = Math.min(seq, subscription.sent);
  }

  unsubscribe(senderId: number, sessionId: string): void {
    const sessions = this.bySender.get(senderId);
    sessions?.get(sessionId)?.stop();
    sessions?.delete(sessionId);
  }

  dropSender(senderId: number): void {
    for (const subscription of this.bySender.get(senderId)?.values() ?? []) subscription.stop();
    this.bySender.delete(senderId);
  }

  /** How many subscriptions a page holds; for tests and diagnostics. */
  count(senderId: number): number {
    return this.bySender.get(senderId)?.size ?? 0;
  }
}
