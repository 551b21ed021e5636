import type { EventType } from '../models';

/** The query as searched: trimmed and lower-cased; '' searches nothing. */
export const searchNeedle = (query: string): string => query.trim().toLowerCase();

/** Whether a log line or its details contain the needle (from searchNeedle). */
export const entryMatches = (entry: { text: string; detail?: string }, needle: string): boolean =>
  needle !== '' &&
  (entry.text.toLowerCase().includes(needle) || (entry.detail?.toLowerCase().includes(needle) ?? false));

/**
 * The words describeEntry puts around an event's own content, for the frequent types (a number it
 * formats shows as 0). Searching a stored log, an event of these types is read only when its line holds
 * the query, unless the query could come from these words; every event of any other type is read.
 * Keep in step with describeEntry.
 */
const ENTRY_WORDS: Partial<Record<EventType, string>> = {
  message: '“” prompt sent (0 characters) said its signal (next line)',
  thinking: 'thinking',
  tool_use: '📄 ✎ ▶ 🔍 🌐 ⚙ …',
  tool_result: '  ↳ done  ↳ failed (',
  command: '▶ … (declined) (exit 0) (exit ?)',
  file_change: '+ add ~ edit − delete',
  raw: 'output line kept verbatim unparsed output line ( output line cut at 0 chars; the rest (0 bytes) is in',
};

/** Whether a search must read every event of this type, not only those whose stored line holds the query. */
export function readsEveryEvent(type: string, needle: string): boolean {
  const words = ENTRY_WORDS[type as EventType];
  if (words === undefined) return true;
  // A clipped line ends in an ellipsis the stored one does not have. The numbers these words format
  // (an exit code, a length) sit next to them: a query that reaches one either overlaps the words, which
  // the test below finds, or is a bare number.
  if (needle.includes('…') || (/\d/.test(needle) && !/\p{L}/u.test(needle) && words.includes('0')))
    return true;
  const span = Math.min(3, needle.length);
  for (let i = 0; i + span <= needle.length; i++) if (words.includes(needle.slice(i, i + span))) return true;
  return false;
}

/**
 * The payload field describeEntry shows whole, as the details, by type: a query found inside its stored
 * value matches for sure, with no need to parse the event and word it. Keep in step with describeEntry.
 */
export const SHOWN_WHOLE: Partial<Record<EventType, string>> = {
  command: 'output',
  tool_result: 'output',
  thinking: 'text',
  raw: 'line',
};
