import { entryMatches, searchNeedle } from '../../../src-shared/log/entry-search';
import type { EventType } from '../../../src-shared/models';
import type { LogEntry } from '../store/projections/log-entries';

export type TypeFilter = EventType | 'all';

export function filterEntries(entries: readonly LogEntry[], type: TypeFilter): readonly LogEntry[] {
  return type === 'all' ? entries : entries.filter((entry) => entry.type === type);
}

/** Which event types the log holds, most frequent first, for the filter's menu. */
export function typeCounts(entries: readonly LogEntry[]): [EventType, number][] {
  const counts = new Map<EventType, number>();
  for (const entry of entries) counts.set(entry.type, (counts.get(entry.type) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export const hasMatch = (text: string, query: string): boolean => entryMatches({ text }, searchNeedle(query));

/**
 * Indices of the entries whose line or detail contains the query, case-insensitively: the same test the
 * app applies to the events on disk (see session:logSearch).
 */
export function findMatches(entries: readonly LogEntry[], query: string): number[] {
  const needle = searchNeedle(query);
  if (needle === '') return [];
  const out: number[] = [];
  entries.forEach((entry, index) => {
    if (entryMatches(entry, needle)) out.push(index);
  });
  return out;
}

/** The text cut around each occurrence of the query, so the view can mark them. */
export function splitMatches(text: string, query: string): { text: string; match: boolean }[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [{ text, match: false }];
  const out: { text: string; match: boolean }[] = [];
  const lower = text.toLowerCase();
  let at = 0;
  for (let found = lower.indexOf(needle); found >= 0; found = lower.indexOf(needle, at)) {
    if (found > at) out.push({ text: text.slice(at, found), match: false });
    out.push({ text: text.slice(found, found + needle.length), match: true });
    at = found + needle.length;
  }
  if (at < text.length) out.push({ text: text.slice(at), match: false });
  return out;
}

/** The next match to jump to from `current`, wrapping around in either direction. */
export const stepMatch = (current: number, count: number, delta: 1 | -1): number =>
  count === 0 ? 0 : (current + delta + count) % count;
