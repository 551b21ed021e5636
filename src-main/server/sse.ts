import type { Event } from '../../src-shared/models';
import { ApiError } from './api-error';

/**
 * One SSE message per event, its id the event's seq: a browser's EventSource sends the last one back as
 * Last-Event-ID when it reconnects, and the stream resumes right after it. JSON.stringify escapes every
 * line break, so one event is always exactly one `data:` line.
 */
export const formatEvents = (events: readonly Event[]): string =>
  events.map((event) => `id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`).join('');

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
