import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Event } from '../../src-shared/models';
import { fixtureLines } from '../../test/cli-fixtures';
import { createClaudeParser } from '../agents/claude/parser';
import { SessionFolder } from './session-folder';

const dir = mkdtempSync(join(tmpdir(), 'orchestrator-unicode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every string in a parsed value survives a UTF-8 round trip (a lone surrogate does not). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

describe('events.jsonl text', () => {
  it('replaces a lone surrogate from a real agent line with U+FFFD and marks the event', () => {
    // The recorded assistant text line, its text now holding a lone high surrogate as a JSON escape.
    const recorded = fixtureLines('claude', 'session-write.jsonl')[1]!;
    const line = recorded.replace("I'll create hello.txt.", 'half \\ud800 pair, whole \\ud83d\\ude00');
    expect(line).not.toBe(recorded);
    const drafts = createClaudeParser().push(line, 1);
    const message = drafts.find((d) => d.type === 'message');
    expect(message).toBeDefined();

    const folder = SessionFolder.create(join(dir, 's'));
    const event = {
      seq: 0,
      ts: new Date(0).toISOString(),
      sessionId: 's',
      workerId: 'w',
      ...message,
    } as Event;
    folder.persistEvent(event);
    folder.close();

    const bytes = readFileSync(join(folder.path, 'events.jsonl'));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const stored = JSON.parse(text.trimEnd()) as Event & { payload: Record<string, unknown> };
    for (const s of strings(stored)) expect(Buffer.from(s, 'utf8').toString('utf8')).toBe(s);
    expect(stored.payload.text).toBe('half \ufffd pair, whole \ud83d\ude00');
    expect(stored.payload.unpairedSurrogates).toBe(true);
  });
});
