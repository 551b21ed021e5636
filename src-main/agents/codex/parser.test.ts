import { describe, expect, it } from 'vitest';
import { ofType } from '../../../src-shared/models';
import {
  fixtureLines,
  itParsesEveryRecording,
  parseAll,
  payloads,
  readCase,
  silentCases,
  splitLines,
  uncoveredLines,
} from '../../../test/cli-fixtures';
import { createCodexParser } from './parser';

const parse = (text: string) => parseAll(createCodexParser(), splitLines(text));
const parseCase = (name: string) => parse(readCase('codex', name).stdout);
const parseSession = (file: string) => parseAll(createCodexParser(), fixtureLines('codex', file));

describe('codex parser on every recorded stdout', () => {
  itParsesEveryRecording('codex', createCodexParser);

  it('emits nothing for the pre-session failures, whose error is on stderr only', () => {
    const empty = silentCases('codex');
    expect(empty).toEqual(
      expect.arrayContaining([
        '01-no-git-repo',
        '03-cd-nonexistent',
        '04-unknown-flag',
        '04b-full-auto',
        '05-unknown-provider',
        'i-stdin-open',
      ]),
    );
    for (const name of empty) expect(parseCase(name)).toEqual([]);
  });
});

describe('codex parser on a successful session', () => {
  it('maps session-shell.jsonl line by line', () => {
    expect(parseSession('session-shell.jsonl')).toEqual([
      {
        type: 'session_ref',
        payload: { ref: '01a21353-367a-77d1-89eb-33af35f6f484' },
        lines: { from: 1, to: 1 },
      },
      { type: 'turn', payload: { phase: 'started' }, lines: { from: 2, to: 2 } },
      {
        type: 'thinking',
        payload: { text: '**Creating the file** I will run a shell command.' },
        lines: { from: 3, to: 3 },
      },
      {
        type: 'tool_use',
        payload: {
          toolId: 'item_1',
          name: 'shell',
          summary: 'run echo hi > hello.txt',
          input: { command: "/bin/bash -lc 'echo hi > hello.txt'" },
        },
        lines: { from: 4, to: 4 },
      },
      {
        type: 'command',
        payload: { command: "/bin/bash -lc 'echo hi > hello.txt'", status: 'started', exitCode: null },
        lines: { from: 4, to: 4 },
      },
      {
        type: 'command',
        payload: { command: "/bin/bash -lc 'echo hi > hello.txt'", status: 'completed', exitCode: 0 },
        lines: { from: 5, to: 5 },
      },
      { type: 'tool_result', payload: { toolId: 'item_1', ok: true }, lines: { from: 5, to: 5 } },
      {
        type: 'message',
        payload: { role: 'assistant', text: "Done: created hello.txt containing 'hi'." },
        lines: { from: 6, to: 6 },
      },
      { type: 'turn', payload: { phase: 'completed' }, lines: { from: 7, to: 7 } },
      {
        type: 'usage',
        payload: { inputTokens: 240, outputTokens: 60, cachedInputTokens: 40, costUsd: null },
        lines: { from: 7, to: 7 },
      },
      {
        type: 'result',
        payload: { ok: true, text: "Done: created hello.txt containing 'hi'." },
        lines: { from: 7, to: 7 },
      },
    ]);
  });

  it('reports a failed command with its exit code and output, and still completes the turn', () => {
    const events = parseCase('i-cmd-fail');
    const output = "ls: cannot access '/nonexistent-dir': No such file or directory\n";
    expect(payloads(events, 'command').at(-1)).toEqual({
      command: "/bin/bash -lc 'ls /nonexistent-dir'",
      status: 'failed',
      exitCode: 2,
      output,
    });
    expect(payloads(events, 'tool_result')).toEqual([
      { toolId: 'item_1', ok: false, output, errorType: 'exit_code' },
    ]);
    expect(payloads(events, 'result')).toEqual([
      { ok: true, text: "Done: created hello.txt containing 'hi'." },
    ]);
  });

  it('reads a failed MCP call without the backtrace and keeps the thread usage totals', () => {
    const events = parseCase('v1-failtools');
    expect(payloads(events, 'tool_use').map((p) => [p.toolId, p.name, p.summary])).toEqual([
      ['item_1', 'shell', 'run echo hi > hello.txt'],
      ['item_2', 'mcp__echo__echo', 'call echo/echo'],
    ]);
    expect(payloads(events, 'tool_result')[1]).toEqual({
      toolId: 'item_2',
      ok: false,
      output:
        'tool call error: tool call failed for `echo/echo`\n\nCaused by:\n    Mcp error: -32000: echo tool failed on purpose',
      errorType: 'mcp_error',
    });
    expect(payloads(events, 'usage')).toEqual([
      { inputTokens: 600, outputTokens: 150, cachedInputTokens: 100, costUsd: null },
    ]);
    expect(payloads(events, 'result')).toEqual([
      { ok: true, text: 'All steps done: hello.txt and notes.md created.' },
    ]);
  });

  it('keeps what a killed run printed and invents no result', () => {
    const events = parseCase('i-sigterm');
    expect(events.map((e) => e.type)).toEqual(['session_ref', 'turn', 'thinking']);
    expect(payloads(events, 'thinking')).toEqual([{ text: 'thinking forever' }]);
  });
});

describe('codex parser on the item examples', () => {
  const events = parseSession('examples.jsonl');
  const onLine = (n: number) => events.filter((e) => e.lines?.from === n || e.lines?.to === n);

  it('emits one file_change per change only when the patch completed', () => {
    expect(onLine(9)).toEqual([
      {
        type: 'tool_use',
        payload: {
          toolId: 'item_3',
          name: 'apply_patch',
          summary: 'create notes.md',
          input: { changes: [{ path: '/home/dev/lab/home/dev/notes.md', kind: 'add' }] },
        },
        lines: { from: 9, to: 9 },
      },
    ]);
    expect(onLine(10).map((e) => e.payload)).toEqual([
      { path: '/home/dev/lab/home/dev/notes.md', kind: 'add' },
      { toolId: 'item_3', ok: true },
    ]);
  });

  it('turns todo lists into todo events and skips the identical copy codex repeats at turn end', () => {
    expect(payloads(events, 'todo')).toEqual([
      {
        items: [
          { text: 'Create hello.txt', done: false },
          { text: 'Write notes.md', done: false },
        ],
      },
      {
        items: [
          { text: 'Create hello.txt', done: true },
          { text: 'Write notes.md', done: true },
        ],
      },
    ]);
    expect(onLine(14)).toEqual([
      expect.objectContaining({ type: 'raw', payload: expect.objectContaining({ reason: 'ignored' }) }),
    ]);
  });

  it('keeps the first "id" of a web_search item, not the duplicate server id JSON.parse keeps', () => {
    expect(onLine(16).map((e) => e.payload)).toEqual([
      {
        toolId: 'item_0',
        name: 'web_search',
        summary: 'search codex exec jsonl events',
        input: { query: 'codex exec jsonl events', searchId: 'ws_mock_1' },
      },
      { toolId: 'item_0', ok: true },
    ]);
  });

  it('pairs an MCP call and gives a call without item.started its tool_use', () => {
    expect(onLine(13).map((e) => e.payload)).toEqual([{ toolId: 'item_4', ok: true, output: 'echo: ping' }]);
    expect(onLine(22).map((e) => e.type)).toEqual(['tool_use', 'tool_result']);
  });
});

describe('codex parser on API failures', () => {
  it.each([
    ['x-http401', 'unauthorized', 401],
    ['x-http429', 'rate_limited', 429],
    ['x-http500', 'server_error', undefined],
    ['x-ctx', 'context_window_exceeded', undefined],
    ['x-quota', 'quota_exceeded', undefined],
    ['x-missing-envkey', 'missing_api_key', undefined],
    ['x-truncate', 'stream_disconnected', undefined],
  ])('%s ends with one fatal error, a failed turn and result ok:false', (name, code, httpStatus) => {
    const events = parseCase(name);
    const lines = splitLines(readCase('codex', name).stdout);
    const failed = JSON.parse(lines.at(-1)!) as { error: { message: string } };
    const fatal = payloads(events, 'error').filter((p) => p.fatal);
    expect(fatal).toEqual([
      { message: failed.error.message, fatal: true, code, ...(httpStatus ? { httpStatus } : {}) },
    ]);
    // The `error` line just before turn.failed repeats the message: one event covers both lines.
    expect(ofType(events, 'error').find((e) => e.payload.fatal)?.lines).toEqual({
      from: lines.length - 1,
      to: lines.length,
    });
    expect(events.slice(-2).map((e) => e.payload)).toEqual([
      { phase: 'failed' },
      { ok: false, subtype: 'turn_failed' },
    ]);
  });

  it('marks Reconnecting lines as retries with the quoted HTTP status, and the model fallback as a notice', () => {
    const events = parseCase('x-http429');
    expect(payloads(events, 'notice')).toEqual([
      {
        message:
          'Model metadata for `mock-http429` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.',
        code: 'model_metadata_fallback',
      },
    ]);
    const errors = payloads(events, 'error');
    expect(errors.some((e) => e.message.startsWith('Model metadata'))).toBe(false);
    expect(errors.slice(0, 5)).toEqual(
      [1, 2, 3, 4, 5].map((n) => ({
        message: `Reconnecting... ${n}/5 (exceeded retry limit, last status: 429 Too Many Requests)`,
        fatal: false,
        retrying: true,
        code: 'reconnecting',
        httpStatus: 429,
      })),
    );
  });

  it('gives "waiting for network" its own code: codex never gives up on it', () => {
    const errors = payloads(parseCase('c-closed-custom-noretry'), 'error');
    expect(errors).toHaveLength(5);
    for (const error of errors) {
      expect(error).toEqual({
        message: 'Reconnecting... waiting for network (Connection failed: error sending request)',
        fatal: false,
        retrying: true,
        code: 'waiting_for_network',
      });
    }
  });

  it('sees the WebSocket fallback item as a notice while codex keeps retrying', () => {
    const events = parseCase('02-no-api-key');
    expect(payloads(events, 'notice')).toEqual([
      {
        message:
          'Falling back from WebSockets to HTTPS transport. stream disconnected before completion: failed to lookup address information: Try again',
        code: 'transport_fallback',
      },
    ]);
    expect(payloads(events, 'error').every((e) => e.code === 'reconnecting')).toBe(true);
    expect(ofType(events, 'result')).toEqual([]);
  });

  it('shows the partial message codex re-prints on every retry only once', () => {
    const events = parseCase('x-truncate');
    expect(payloads(events, 'message')).toEqual([{ role: 'assistant', text: 'partial' }]);
    expect(payloads(events, 'raw').filter((p) => p.line.includes('"agent_message"'))).toHaveLength(5);
  });
});

describe('codex parser on input it does not expect', () => {
  it('turns garbage into raw events with the right reason', () => {
    const events = parse(
      [
        'Reading additional input from stdin...',
        '{"type":"item.completed","item":{"id":"item_9"',
        '[1,2]',
        '{"type":"item.plan.delta","item_id":"item_1","delta":"x"}',
        '{"type":"item.completed","item":{"id":"item_2","type":"collab_tool_call"}}',
        '{"type":"item.completed","item":null}',
        '{"type":"constructor"}',
        '',
      ].join('\n'),
    );
    expect(events.map((e) => [e.lines?.from, e.type === 'raw' ? e.payload.reason : e.type])).toEqual([
      [1, 'malformed'],
      [2, 'malformed'],
      [3, 'malformed'],
      [4, 'unknown'],
      [5, 'unknown'],
      [6, 'unknown'],
      [7, 'unknown'],
    ]);
  });

  it('never throws on any prefix or odd shape of the recorded lines', () => {
    const lines = fixtureLines('codex', 'examples.jsonl');
    const variants = lines.flatMap((line) => [
      ...[0.25, 0.5, 0.75].map((f) => line.slice(0, Math.floor(line.length * f))),
      line.replace(/"[a-z_]+":("[^"]*"|\d+|null)/, '"x":[]'),
      line.replaceAll(/:"[^"]*"/g, ':{}'),
      line.replaceAll(/:\d+/g, ':-1.5'),
    ]);
    const events = parseAll(createCodexParser(), variants);
    expect(uncoveredLines(events, variants.length)).toEqual([]);
  });

  it('raises protocol signals from agent messages once, even when a retry re-sends them', () => {
    const message = (id: number, text: string) =>
      JSON.stringify({ type: 'item.completed', item: { id: `item_${id}`, type: 'agent_message', text } });
    const events = parse(
      [
        '{"type":"turn.started"}',
        message(0, 'MILESTONE: parser done'),
        '{"type":"error","message":"Reconnecting... 1/5 (stream disconnected before completion: x)"}',
        message(1, 'MILESTONE: parser done\nBLOCKER: need db access'),
        '{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":5}}',
      ].join('\n'),
    );
    expect(events.filter((e) => e.type === 'MILESTONE' || e.type === 'BLOCKER')).toEqual([
      { type: 'MILESTONE', payload: { summary: 'parser done' }, lines: { from: 2, to: 2 } },
      { type: 'BLOCKER', payload: { summary: 'need db access' }, lines: { from: 4, to: 4 } },
    ]);
    expect(payloads(events, 'result')).toEqual([
      { ok: true, text: 'MILESTONE: parser done\nBLOCKER: need db access' },
    ]);
  });

  it('keeps a lone error line that no turn.failed confirms as a non-fatal error', () => {
    const events = parse('{"type":"error","message":"Quota exceeded. Check your plan and billing details."}');
    expect(events).toEqual([
      {
        type: 'error',
        payload: {
          message: 'Quota exceeded. Check your plan and billing details.',
          fatal: false,
          code: 'quota_exceeded',
        },
        lines: { from: 1, to: 1 },
      },
    ]);
  });
});
