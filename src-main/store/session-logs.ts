import { join } from 'node:path';
import type { Event } from '../../src-shared/models';
import { eventIndexOf, SESSION_KEY } from './event-index';
import { EventSearcher } from './event-search';
import { warmRawLogs } from './raw-log';

export interface LogPage {
  /** 1-based place in the log of the first event. */
  from: number;
  events: Event[];
  total: number;
}

export interface LogSearch {
  /** 1-based places in the log of the matching events. */
  places: number[];
  total: number;
  searched: number;
}

const searcher = new EventSearcher();
const eventsOf = (folder: string) => eventIndexOf(join(folder, 'events.jsonl'));
const keyOf = (workerId: string | null): string => workerId ?? SESSION_KEY;

/**
 * A page of one log of a session (a worker's, or with workerId null the session's own events; all of
 * them or of one type), read back from events.jsonl through its index: what the page no longer holds.
 */
export async function readLogPage(
  folder: string,
  workerId: string | null,
  type: string | null,
  from: number,
  count: number,
): Promise<LogPage> {
  const page = await eventsOf(folder).page(keyOf(workerId), type, Math.max(1, from) - 1, count);
  return { from: Math.max(1, from), events: page.events, total: page.total };
}

/** The places in one log of a session whose words contain the query, a page at a time. */
export async function searchLog(
  folder: string,
  workerId: string | null,
  type: string | null,
  query: string,
  from: number,
  limit: number,
): Promise<LogSearch> {
  const found = await searcher.find(
    eventsOf(folder),
    keyOf(workerId),
    type,
    query,
    Math.max(1, from) - 1,
    limit,
  );
  return { places: found.places.map((p) => p + 1), total: found.total, searched: found.searched };
}

/**
 * Indexes a session's logs in the background when someone opens it, so its log views open at once
 * however long they are; later reads index only what was appended since.
 */
export function warmSessionLogs(folder: string, workerIds: readonly string[]): void {
  void eventsOf(folder)
    .update()
    .catch(() => undefined);
  warmRawLogs(folder, workerIds);
}

/** Events per batch and the pause between batches when a stored session's log is sent to a viewer. */
const STORED_BATCH = 5_000;
const STORED_PAUSE_MS = 16;

/**
 * Every event of a stored session after afterSeq, in batches paced like a running session's hub, so a
 * million-event log reaches a page in pieces it can fold one frame at a time. Returns the stop.
 */
export function streamStoredEvents(
  folder: string,
  afterSeq: number,
  onBatch: (events: Event[]) => void,
  ready?: () => boolean,
): () => void {
  const index = eventsOf(folder);
  let active = true;
  let cursor = afterSeq;
  let timer: NodeJS.Timeout | null = null;
  const step = (): void => {
    timer = null;
    if (!active) return;
    if (ready && !ready()) {
      // The receiver has not caught up: ask again after the usual pause.
      timer = setTimeout(step, STORED_PAUSE_MS);
      return;
    }
    let batch: Event[];
    try {
      batch = index.rangeSync(cursor + 1, Infinity, STORED_BATCH);
    } catch {
      return;
    }
    if (batch.length === 0) return;
    cursor = batch[batch.length - 1]!.seq;
    onBatch(batch);
    timer = setTimeout(step, STORED_PAUSE_MS);
  };
  // Index first without blocking (a long log takes a moment), then read batch by batch.
  void index
    .update()
    .catch(() => undefined)
    .then(() => step());
  return () => {
    active = false;
    if (timer) clearTimeout(timer);
  };
}
