import type { Event, EventDraft } from '../../src-shared/models';

export type BatchListener = (batch: Event[]) => void;

export interface EventHubOptions {
  sessionId: string;
  /** Events kept in memory; older ones are read back from disk for late subscribers. */
  historyLimit?: number;
  /** Subscribers receive at most one batch per this many ms (one animation frame by default). */
  batchMs?: number;
  /** Largest batch handed to a subscriber at once, so a huge catch-up never blocks for long. */
  maxBatch?: number;
  /** Called synchronously with every event, in seq order: the durable log. */
  persist?: (event: Event) => void;
  /** Reads events with fromSeq <= seq <= toSeq from disk when they have left the in-memory history. */
  loadRange?: (fromSeq: number, toSeq: number) => Event[];
}

interface Subscriber {
  cursor: number;
  listener: BatchListener;
}

/**
 * The one ordered log of a session: stamps gap-free `seq` numbers (from 1), persists each event, keeps a
 * bounded history and serves any number of subscribers "everything after seq N, then live", in batches.
 * A subscriber is just a cursor into the log, so snapshot and tail come from the same place and an event
 * can be neither duplicated nor skipped between them.
 */
export class EventHub {
  readonly sessionId: string;
  private readonly historyLimit: number;
  private readonly batchMs: number;
  private readonly maxBatch: number;
  private readonly persist: ((event: Event) => void) | undefined;
  private readonly loadRange: ((fromSeq: number, toSeq: number) => Event[]) | undefined;
  private history: Event[] = [];
  private historyStart = 1;
  private seq = 0;
  private subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | null = null;

  constructor(options: EventHubOptions) {
    this.sessionId = options.sessionId;
    this.historyLimit = options.historyLimit ?? 20_000;
    this.batchMs = options.batchMs ?? 16;
    this.maxBatch = options.maxBatch ?? 5_000;
    this.persist = options.persist;
    this.loadRange = options.loadRange;
  }

  /** Seq of the newest event (0 when empty). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Continue a stored log: the next event gets seq lastSeq + 1. */
  resumeFrom(lastSeq: number): void {
    if (this.seq !== 0) throw new Error('resumeFrom must be called before the first event');
    this.seq = lastSeq;
    this.historyStart = lastSeq + 1;
  }

  emit(draft: EventDraft, workerId?: string): Event {
    this.seq += 1;
    const event = {
      seq: this.seq,
      ts: draft.ts ?? new Date().toISOString(),
      sessionId: this.sessionId,
      ...(workerId === undefined ? {} : { workerId }),
      type: draft.type,
      payload: draft.payload,
      ...(draft.lines ? { lines: draft.lines } : {}),
    } as Event;
    this.persist?.(event);
    this.history.push(event);
    if (this.history.length > this.historyLimit * 1.1) {
      const drop = this.history.length - this.historyLimit;
      this.history.splice(0, drop);
      this.historyStart += drop;
    }
    this.schedule();
    return event;
  }

  /** Deliver every event with seq > afterSeq, then each new one, in order; returns the unsubscribe. */
  subscribe(afterSeq: number, listener: BatchListener): () => void {
    const subscriber: Subscriber = { cursor: Math.max(0, afterSeq), listener };
    this.subscribers.add(subscriber);
    this.schedule();
    return () => this.subscribers.delete(subscriber);
  }

  /** Events with seq > afterSeq currently available (memory, then disk), at most `limit`. */
  eventsAfter(afterSeq: number, limit = this.maxBatch): Event[] {
    const from = afterSeq + 1;
    const to = Math.min(this.seq, afterSeq + limit);
    if (from > to) return [];
    if (from >= this.historyStart) {
      return this.history.slice(from - this.historyStart, to - this.historyStart + 1);
    }
    const fromDisk = this.loadRange ? this.loadRange(from, Math.min(to, this.historyStart - 1)) : [];
    const fromMemory = to >= this.historyStart ? this.history.slice(0, to - this.historyStart + 1) : [];
    return [...fromDisk, ...fromMemory];
  }

  /** Hand every subscriber what it has not seen yet, now (used before exit). */
  drain(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let behind = true;
    while (behind) behind = this.deliver();
  }

  private schedule(): void {
    if (this.timer || this.subscribers.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.deliver()) this.schedule();
    }, this.batchMs);
  }

  /** One batch per subscriber; true when some subscriber is still behind. */
  private deliver(): boolean {
    let behind = false;
    for (const subscriber of [...this.subscribers]) {
      if (subscriber.cursor >= this.seq) continue;
      const batch = this.eventsAfter(subscriber.cursor);
      if (batch.length === 0) continue;
      subscriber.cursor = batch[batch.length - 1]!.seq;
      if (subscriber.cursor < this.seq) behind = true;
      try {
        subscriber.listener(batch);
      } catch {
        // A failing listener must not starve the others; it stays subscribed and may recover.
      }
    }
    return behind;
  }
}
