import type { LineParser } from '../../src-main/agents/types';
import { EventPayloads, type EventDraft } from '../../src-shared/models';
import { parseAll, uncoveredLines } from '../cli-fixtures';

/** Why a run of lines broke a parser's contract (types/LineParser), or null if it held. */
export function contractBreach(createParser: () => LineParser, lines: readonly string[]): string | null {
  let events: EventDraft[];
  try {
    events = parseAll(createParser(), lines);
  } catch (error) {
    return `threw ${String(error)}`;
  }
  const missing = uncoveredLines(events, lines.length);
  if (missing.length > 0) return `lost lines ${missing.slice(0, 5).join(', ')}`;
  for (const event of events) {
    if (!event.lines) return `${event.type} event without lines`;
    if (event.lines.from < 1 || event.lines.to > lines.length || event.lines.from > event.lines.to) {
      return `${event.type} event claims lines ${event.lines.from}-${event.lines.to} of ${lines.length}`;
    }
    const schema = EventPayloads[event.type];
    if (!schema) return `unknown event type ${String(event.type)}`;
    const parsed = schema.safeParse(event.payload);
    if (!parsed.success) return `${event.type} payload invalid: ${parsed.error.issues[0]?.message ?? ''}`;
  }
  return null;
}
