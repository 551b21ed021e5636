import type { Event, EventType } from '../../../../src-shared/models';
import { describeEntry } from '../../log/describe-entry';
import type { LineTone } from '../../log/tone';

/**
 * Entries kept per log in memory, the newest: the log tab reads older ones back from the session's
 * events.jsonl as it scrolls to them, so a million-event session costs the page no more than this.
 */
export const MAX_LOG_ENTRIES = 5_000;

/** One event of the normalized log view, already in words. */
export interface LogEntry {
  seq: number;
  ts: string;
  type: EventType;
  text: string;
  detail?: string;
  tone: LineTone;
}

export function logEntryOf(event: Event): LogEntry {
  return { seq: event.seq, ts: event.ts, type: event.type, ...describeEntry(event) };
}
