import { describe, expect, it } from 'vitest';
import { eventMaker, T0 } from '../../testing/fixtures';
import { appendActivity, type ActivityLine } from './activity';
import { foldTimeline, emptyTimeline } from './timeline';
import { emptyOversight, foldOversight } from './oversight';
import { logEntryOf } from './log-entries';

describe('pane activity', () => {
  it('reads a shell call once, with its exit code when it ends', () => {
    const ev = eventMaker();
    const lines: ActivityLine[] = [];
    const from = { lines: { from: 9, to: 9 } };
    appendActivity(lines, {
      ...ev('tool_use', { toolId: 't1', name: 'Bash', summary: 'run npm test', input: {} }, 'claude'),
      ...from,
    });
    appendActivity(lines, {
      ...ev('command', { command: 'npm test', status: 'started', exitCode: null }, 'claude'),
      ...from,
    });
    expect(lines.map((l) => l.text)).toEqual(['▶ npm test …']);
    appendActivity(lines, ev('file_change', { path: 'a.ts', kind: 'update' }, 'claude'));
    appendActivity(lines, ev('command', { command: 'npm test', status: 'completed', exitCode: 1 }, 'claude'));
    expect(lines.map((l) => [l.text, l.tone])).toEqual([
      ['▶ npm test (exit 1)', 'warning'],
      ['update a.ts', 'plain'],
    ]);
  });

  it('keeps thinking collapsed and a start short', () => {
    const ev = eventMaker();
    const lines: ActivityLine[] = [];
    appendActivity(
      lines,
      ev(
        'worker_started',
        { agent: 'claude', command: 'claude', args: ['-p'], cwd: '/very/long/path', pid: 7, demo: false },
        'claude',
      ),
    );
    appendActivity(lines, ev('thinking', { text: 'The limiter needs a burst test.' }, 'claude'));
    expect(lines).toMatchObject([
      { text: 'started, pid 7' },
      { text: 'thinking', detail: 'The limiter needs a burst test.', tone: 'muted' },
    ]);
  });
});

describe('log entries', () => {
  it('put every event in words, details on demand, and no JSON in the line', () => {
    const ev = eventMaker();
    expect(
      logEntryOf(
        ev(
          'usage',
          { inputTokens: 11520, outputTokens: 350, cachedInputTokens: 7800, costUsd: 0.025 },
          'claude',
        ),
      ).text,
    ).toBe('usage: 11.5k in (7.8k cached) · 350 out · $0.03');
    const raw = logEntryOf(ev('raw', { line: '{"type":"weird"}', reason: 'unknown' }, 'claude'));
    expect(raw.text).toBe('unparsed output line (unknown)');
    expect(raw.detail).toBe('{"type":"weird"}');
    expect(
      logEntryOf(
        ev('tool_result', { toolId: 't', ok: false, errorType: 'denied', output: 'nope' }, 'claude'),
      ),
    ).toMatchObject({
      text: '  ↳ failed (denied)',
      detail: 'nope',
      tone: 'warning',
    });
  });
});

describe('timeline', () => {
  it('records each worker status as a span and the notable events as marks', () => {
    const ev = eventMaker();
    const data = foldTimeline(emptyTimeline(), [
      ev('worker_status', { status: 'running' }, 'claude', T0),
      ev('worker_status', { status: 'running' }, 'claude', T0 + 500),
      ev('tool_use', { toolId: 't', name: 'Edit', summary: 'edit a.ts', input: {} }, 'claude', T0 + 1000),
      ev('MILESTONE', { summary: 'limiter' }, 'claude', T0 + 2000),
      ev('worker_status', { status: 'rate_limited' }, 'claude', T0 + 3000),
      ev(
        'decision',
        { action: 'CONTINUE', reason: 'all approve', rule: 'all_approve', reviewIds: [] },
        undefined,
        T0 + 4000,
      ),
    ]);
    expect(data.spans.claude).toEqual([
      { status: 'running', from: T0 },
      { status: 'rate_limited', from: T0 + 3000 },
    ]);
    expect(data.marks.map((m) => [m.kind, m.workerId])).toEqual([
      ['tool', 'claude'],
      ['milestone', 'claude'],
      ['decision', null],
    ]);
    expect(
      foldTimeline(data, [
        ev('usage', { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, costUsd: null }, 'claude'),
      ]),
    ).toBe(data);
  });
});

describe('oversight', () => {
  it('keeps the panel object when a batch has nothing for it', () => {
    const ev = eventMaker();
    const empty = emptyOversight();
    expect(foldOversight(empty, [ev('MILESTONE', { summary: 'x' }, 'claude')])).toBe(empty);
    expect(foldOversight(empty, [ev('control', { command: 'resume', by: 'user' })])).toBe(empty);
    expect(
      foldOversight(empty, [
        ev('decision', { action: 'CONTINUE', reason: 'ok', rule: 'all_approve', reviewIds: [] }),
      ]).items,
    ).toHaveLength(1);
  });
});
