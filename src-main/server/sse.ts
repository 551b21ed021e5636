import type { Event } from '../../src-shared/models';
import { ApiError } from './api-error';

/**
 * One SSE message per event, its id the event's seq: a browser's EventSource sends the last one back as
 * Last-Event-ID when it reconnects, and the stream resumes right after it. JSON.stringify escapes every
 * line break, so one event is always exactly one `data:` line.
 */
export const formatEvent = (event: Event, line?: string): string =>
  `id: ${event.seq}\ndata: ${line ?? JSON.stringify(event)}\n\n`;

/**
 * A batch of events as the bytes of their SSE messages. `lines` holds each event's JSON when it is already
 * serialized (the hub's text), so nothing is serialized again.
 */
export function encodeEvents(events: readonly Event[], lines?: ReadonlyArray<string | undefined>): Buffer {
  let text = '';
  for (let i = 0; i < events.length; i += 1) text += formatEvent(events[i]!, lines?.[i]);
  return Buffer.from(text, 'utf8');
}

/** Batches remembered: every stream at the log's tail gets the same one within the same delivery. */
const SHARED_BATCHES = 8;
const shared = new Map<Event, { count: number; bytes: Buffer }>();

/**
 * The SSE bytes of a batch, made once and shared by every stream that gets the same batch. The hub hands
 * each subscriber its own array, but subscribers at the same point get the same event objects: a batch is
 * known by its first event object (never equal across sessions or a re-read from disk) and its length.
 * Two hundred streams at the tail then cost one serialization and one buffer per batch, not two hundred.
 */
export function sharedEventBytes(
  events: readonly Event[],
  lines?: ReadonlyArray<string | undefined>,
): Buffer {
  const first = events[0];
  if (first === undefined) return Buffer.alloc(0);
  const known = shared.get(first);
  if (known !== undefined && known.count === events.length) return known.bytes;
  const bytes = encodeEvents(events, lines);
  shared.delete(first);
  shared.set(first, { count: events.length, bytes });
  // Oldest first in a Map's order: only the last few batches are worth keeping (and their events alive).
  if (shared.size > SHARED_BATCHES) shared.delete(shared.keys().next().value!);
  return bytes;
}

const SEQ = /^\d{1,15}$/;

/** Where a stream starts: after Last-Event-ID when reconnecting, else after `?after=`, else at the start. */
export function resumePoint(lastEventId: string | undefined, after: string | undefined): number {
  for (const [name, value] of [
    ['Last-Event-ID', lastEventId],
    ['after', after],
  ] as const) {
    if (value === undefined || value === '') continue;
    if (!SEQ.test(value.trim())) throw new ApiError(400, 'bad_resume_point', `${name} must be a seq number`);
    return Number(value.trim());
  }
  return 0;
}
