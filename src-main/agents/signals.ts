import { draft, type EventDraft, type RawLines } from '../../src-shared/models';
import { SIGNAL_LINE as SIGNAL } from '../../src-shared/log/signal-line';

/**
 * The agent protocol (ARCHITECTURE §4): a line of assistant text beginning with MILESTONE:, BLOCKER: or
 * REVIEW_REQUEST: becomes that event. Models often wrap the keyword in markdown (bold, bullets), so light
 * decoration before it is tolerated; anything else before the keyword is not a signal.
 */
export function extractSignals(text: string, lines?: RawLines): EventDraft[] {
  const out: EventDraft[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = SIGNAL.exec(line);
    if (!match) continue;
    const summary = match[2] ?? '';
    if (match[1] === 'MILESTONE') out.push(draft('MILESTONE', { summary }, lines));
    else if (match[1] === 'BLOCKER') out.push(draft('BLOCKER', { summary }, lines));
    else out.push(draft('REQUEST_REVIEW', { summary }, lines));
  }
  return out;
}

/** An assistant message plus the protocol signals it carries. */
export function assistantText(text: string, lines?: RawLines): EventDraft[] {
  return [draft('message', { role: 'assistant', text }, lines), ...extractSignals(text, lines)];
}

/** Parse one line as a JSON object, or say why not; never throws. */
export function parseJsonObject(line: string): Record<string, unknown> | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The `raw` event for a line a parser could not read or chose to keep verbatim. */
export function rawLine(
  line: string,
  lineNo: number,
  reason: 'malformed' | 'unknown' | 'ignored',
): EventDraft<'raw'> {
  return draft('raw', { line, reason }, { from: lineNo, to: lineNo });
}

export const at = (lineNo: number): RawLines => ({ from: lineNo, to: lineNo });
