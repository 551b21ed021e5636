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
 * The first events of `events` as SSE text, up to about `maxChars` (always at least one event), and how
 * many that is. `lines` holds each event's JSON when it is already serialized (the hub's text).
 */
export function formatEvents(
  events: readonly Event[],
  lines: ReadonlyArray<string | undefined> = [],
  maxChars = Number.POSITIVE_INFINITY,
): { text: string; count: number } {
  const parts: string[] = [];
  let size = 0;
  let count = 0;
  while (count < events.length && (count === 0 || size < maxChars)) {
    const part = formatEvent(events[count]!, lines[count]);
    parts.push(part);
    size += part.length;
    count += 1;
  }
  return { text: parts.join(''), count };
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
