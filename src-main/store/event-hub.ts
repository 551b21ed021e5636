import type { Event, EventDraft } from '../../src-shared/models';

/** `lines`, when the hub serializes its events: each event of the batch as its JSON text, in order. */
/** Texts kept for a subscriber that lags: beyond this, its events are serialized again when it catches up. */
const MAX_RECENT_LINES = 5_000;

export type BatchListener = (batch: Event[], lines?: string[]) => void;

let lastMs = Number.NaN;
let lastIso = '';
let secondStart = Number.NaN;
/** "YYYY-MM-DDTHH:MM:SS." of the current second. */
let secondPrefix = '';

/**
 * new Date().toISOString(), formatted once per second and completed with the milliseconds: every event
 * is stamped, and a date formatted in full per millisecond showed in the profile of a trickle.
 */
export function isoNow(ms = Date.now()): string {
  if (ms === lastMs) return lastIso;
  const second = ms - (ms % 1000);
  if (second !== secondStart) {
    secondStart = second;
    secondPrefix = new Date(second).toISOString().slice(0, 20);
  }
  const millis = ms - second;
  lastMs = ms;
  lastIso = `${secondPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
  return lastIso;
}

export interface EventHubOptions {
  sessionId: string;
  /** Events kept in memory; older ones are read back from disk for late subscribers. */
  historyLimit?: number;
  /** Subscribers receive at most one batch per this many ms (one animation frame by default). */
  batchMs?: number;
  /** Largest batch handed to a subscriber at once, so a huge catch-up never blocks for long. */
  maxBatch?: number;
  /**
   * Each event's JSON text, made once when it is emitted: the durable log stores it and subscribers get it
   * with their batch, so an event going to disk and to a page is serialized once, not once per way.
   */
  serialize?: (event: Event) => string;
  /** Called synchronously with every event (and its text, with `serialize`), in seq order: the durable log. */
  persist?: (event: Event, line: string | undefined) => void;
  /** Reads events with fromSeq <= seq <= toSeq from disk when they have left the in-memory history. */
  loadRange?: (fromSeq: number, toSeq: number) => Event[];
}

/**
 * Asked before each batch: false holds the subscriber where it is (flow control: its receiver has not
 * caught up). It stays a cursor into the log, so nothing is lost or piled up in memory meanwhile: once
 * ready again it gets what followed, from the history or from disk.
 */
export type ReadyCheck = () => boolean;

interface Subscriber {
  cursor: number;
  listener: BatchListener;
  ready: ReadyCheck | undefined;
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
  private readonly serialize: ((event: Event) => string) | undefined;
  private readonly persist: ((event: Event, line: string | undefined) => void) | undefined;
  private readonly loadRange: ((fromSeq: number, toSeq: number) => Event[]) | undefined;
  private history: Event[] = [];
  /**
   * With `serialize`: the text of the events not yet handed to every subscriber (seq recentStart on).
   * Kept only that long — a few milliseconds for subscribers at the tail — so the texts die young instead
   * of living as long as the history and swelling the old generation; a subscriber further behind gets
   * its events serialized again.
   */
  private recentLines: string[] = [];
  private recentStart = 1;
  private historyStart = 1;
  private seq = 0;
  private subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | null = null;
  /** A delivery brought forward by a burst (see emit), and the seq of the last delivery. */
  private burst: NodeJS.Immediate | null = null;
  private deliveredSeq = 0;
  /** performance.now() of the last delivery. */
  private deliveredAt = Number.NEGATIVE_INFINITY;
  private readonly burstSize: number;

  constructor(options: EventHubOptions) {
    this.sessionId = options.sessionId;
    this.historyLimit = options.historyLimit ?? 5_000;
    this.batchMs = options.batchMs ?? 16;
    this.maxBatch = options.maxBatch ?? 5_000;
    this.burstSize = Math.max(1, Math.min(this.maxBatch, Math.floor(this.historyLimit / 4)));
    this.serialize = options.serialize;
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
    // Built field by field, not with spreads: this runs for every line every CLI prints.
    const ts = draft.ts ?? isoNow();
    const event = (
      workerId === undefined
        ? { seq: this.seq, ts, sessionId: this.sessionId, type: draft.type, payload: draft.payload }
        : { seq: this.seq, ts, sessionId: this.sessionId, workerId, type: draft.type, payload: draft.payload }
    ) as Event;
    if (draft.lines) event.lines = draft.lines;
    const line = this.serialize?.(event);
    this.persist?.(event, line);
    this.history.push(event);
    if (line !== undefined && this.subscribers.size > 0) {
      if (this.recentLines.length === 0) this.recentStart = this.seq;
      this.recentLines.push(line);
      // A lagging subscriber: its older texts go in one step (it gets them made again).
      if (this.recentLines.length > MAX_RECENT_LINES) this.dropRecentLines(MAX_RECENT_LINES / 2);
    } else if (this.recentLines.length > 0) {
      // Nobody to keep them for: the texts must stay one run of seqs, so the old ones go.
      this.recentLines = [];
    }
    if (this.history.length > this.historyLimit * 1.1) {
      const drop = this.history.length - this.historyLimit;
      this.history.splice(0, drop);
      this.historyStart += drop;
    }
    this.schedule();
    // A burst (a CLI flat out) can emit more in one turn of the loop than a frame's batch: it is handed out
    // at the end of that turn instead, before a subscriber falls behind the history into reads from disk.
    if (this.seq - this.deliveredSeq >= this.burstSize && !this.burst && this.subscribers.size > 0) {
      this.burst = setImmediate(() => {
        this.burst = null;
        this.deliver();
      });
    }
    return event;
  }

  /** Deliver every event with seq > afterSeq, then each new one, in order; returns the unsubscribe. */
  subscribe(afterSeq: number, listener: BatchListener, ready?: ReadyCheck): () => void {
    const subscriber: Subscriber = { cursor: Math.max(0, afterSeq), listener, ready };
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

  /** The text of a batch's events: as made at emit while kept, made again for older ones. */
  private linesOf(batch: Event[]): string[] {
    const first = batch[0]!.seq - this.recentStart;
    if (first >= 0 && first + batch.length <= this.recentLines.length)
      return this.recentLines.slice(first, first + batch.length);
    return batch.map((event) => {
      const at = event.seq - this.recentStart;
      return at >= 0 && at < this.recentLines.length ? this.recentLines[at]! : this.serialize!(event);
    });
  }

  private dropRecentLines(count: number): void {
    this.recentLines.splice(0, count);
    this.recentStart += count;
  }

  /** Hand every subscriber what it has not seen yet, now (used before exit); a held one waits on. */
  drain(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.burst) clearImmediate(this.burst);
    this.burst = null;
    let behind = true;
    while (behind) behind = this.deliver(true);
    for (const subscriber of this.subscribers) {
      if (subscriber.cursor < this.seq) {
        this.schedule();
        break;
      }
    }
  }

  /**
   * At most one delivery per batchMs, as soon as that allows: an event after a quiet spell goes out at
   * once (the lines a worker's output tick brought in arrive together anyway), a stream of them once per
   * batchMs. Waiting a whole batchMs from the first event of each batch would add that much to every
   * event's way to the page.
   */
  private schedule(): void {
    if (this.timer || this.subscribers.size === 0) return;
    const wait = Math.max(0, this.batchMs - (performance.now() - this.deliveredAt));
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.deliver()) this.schedule();
    }, wait);
  }

  /**
   * One batch per subscriber; true when some subscriber is still behind (with `readyOnly`, one that is
   * ready for more: drain must not spin on a held one).
   */
  private deliver(readyOnly = false): boolean {
    this.deliveredSeq = this.seq;
    this.deliveredAt = performance.now();
    let behind = false;
    for (const subscriber of [...this.subscribers]) {
      if (subscriber.cursor >= this.seq) continue;
      if (subscriber.ready && !subscriber.ready()) {
        // Asked again at the next batch: a held subscriber keeps the delivery timer going.
        if (!readyOnly) behind = true;
        continue;
      }
      const batch = this.eventsAfter(subscriber.cursor);
      if (batch.length === 0) continue;
      const lines = this.serialize ? this.linesOf(batch) : undefined;
      subscriber.cursor = batch[batch.length - 1]!.seq;
      if (subscriber.cursor < this.seq) behind = true;
      try {
        subscriber.listener(batch, lines);
      } catch {
        // A failing listener must not starve the others; it stays subscribed and may recover.
      }
    }
    if (this.recentLines.length > 0) {
      // Texts every subscriber has had are not needed any more.
      let slowest = this.seq;
      for (const subscriber of this.subscribers) slowest = Math.min(slowest, subscriber.cursor);
      const done = Math.min(this.recentLines.length, slowest - this.recentStart + 1);
      if (done > 0) this.dropRecentLines(done);
    }
    return behind;
  }
}
