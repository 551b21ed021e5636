import { describe, expect, it } from 'vitest';
import type { Event } from '../../../src-shared/models';
import { describeEvent } from '../../../src-shared/state/describe-event';
import { parseAll, readCase, splitLines } from '../../../test/cli-fixtures';
import { createClaudeParser } from './parser';

/** The person's line for a failed claude run, from a real recording, as the CLI and the app show it. */
function failedRunLine(caseName: string): string | null {
  const drafts = parseAll(createClaudeParser(), splitLines(readCase('claude', caseName).stdout));
  const result = drafts.find((d) => d.type === 'result');
  expect(result).toBeDefined();
  const event = {
    seq: 1,
    ts: '2026-01-01T00:00:00.000Z',
    sessionId: 's',
    workerId: 'claude',
    ...result,
  } as Event;
  return describeEvent(event);
}

describe('wording of a failed claude run', () => {
  it('an HTTP 500 says what failed, not "(success)", the subtype claude gives API errors', () => {
    const line = failedRunLine('mock_err500');
    expect(line).not.toMatch(/success/);
    expect(line).toMatch(/^finished with an error: API Error: 500 Internal server error/);
  });

  it('a run that ends with no reason at all does not say "null"', () => {
    const drafts = parseAll(createClaudeParser(), [
      JSON.stringify({ type: 'result', is_error: true, session_id: 'x', num_turns: 0 }),
    ]);
    const messages = drafts.flatMap((d) =>
      d.type === 'error' ? [d.payload.message] : d.type === 'result' ? [d.payload.text ?? ''] : [],
    );
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message).not.toMatch(/null|undefined/);
  });
});
