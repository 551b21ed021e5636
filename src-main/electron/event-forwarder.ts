import type { Event } from '../../src-shared/models';
import type { SessionEventsPayload } from '../../src-shared/ipc/contract';
import type { SenderLike } from './ipc-server';

export interface EventSource {
  subscribe(sessionId: string, afterSeq: number, onBatch: (events: Event[]) => void): () => void;
}

/**
 * Forwards each session's event batches to the pages that asked for them. A subscription belongs to one
 * document: when the page reloads or its window closes, dropSender ends them, and the new document
 * subscribes again from the last seq it has seen (snapshot, then tail).
 */
export class EventForwarder {
  private readonly bySender = new Map<number, Map<string, () => void>>();

  constructor(private readonly source: EventSource) {}

  subscribe(sender: SenderLike, sessionId: string, afterSeq: number): void {
    this.unsubscribe(sender.id, sessionId);
    let sessions = this.bySender.get(sender.id);
    if (!sessions) {
      sessions = new Map();
      this.bySender.set(sender.id, sessions);
    }
    const stop = this.source.subscribe(sessionId, afterSeq, (events) => {
      if (sender.isDestroyed()) {
        this.dropSender(sender.id);
        return;
      }
      const payload: SessionEventsPayload = { sessionId, events };
      sender.send('session:events', payload);
    });
    sessions.set(sessionId, stop);
  }

  unsubscribe(senderId: number, sessionId: string): void {
    const sessions = this.bySender.get(senderId);
    sessions?.get(sessionId)?.();
    sessions?.delete(sessionId);
  }

  dropSender(senderId: number): void {
    for (const stop of this.bySender.get(senderId)?.values() ?? []) stop();
    this.bySender.delete(senderId);
  }

  /** How many subscriptions a page holds; for tests and diagnostics. */
  count(senderId: number): number {
    return this.bySender.get(senderId)?.size ?? 0;
  }
}
