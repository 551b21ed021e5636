import type { Event, EventType } from '../../../../src-shared/models';
import { describeEntry } from '../../log/describe-entry';
import type { LineTone } from '../../log/tone';

/** Entries kept per worker in memory; older ones stay in the session's events.jsonl and raw log. */
export const MAX_LOG_ENTRIES = 50_000;

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
