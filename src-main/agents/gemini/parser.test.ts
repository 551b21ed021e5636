import { describe, expect, it } from 'vitest';
import { ofType, type EventDraft } from '../../../src-shared/models';
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
import { createGeminiParser } from './parser';

const parse = (text: string): EventDraft[] => parseAll(createGeminiParser(), splitLines(text));
const parseCase = (name: string): EventDraft[] => parse(readCase('gemini', name).stdout);
const line = (fields: Record<string, unknown>): string =>
  JSON.stringify({ timestamp: '2026-11-25T15:32:05.513Z', ...fields });
const delta = (content: string): string => line({ type: 'message', role: 'assistant', content, delta: true });

describe('gemini parser on every recorded stdout', () => {
  // Every gemini recording reads without a single raw event.
  itParsesEveryRecording('gemini', createGeminiParser, (events) => expect(ofType(events, 'raw')).toEqual([]));

  it('yields nothing for the failures that print only to stderr', () => {
    const empty = silentCases('gemini');
    expect(empty).toEqual(['incdir-missing', 'noauth-stream', 'unknown-flag', 'untrusted']);
    for (const name of empty) expect(parseCase(name)).toEqual([]);
  });
});

describe('gemini parser on the write session', () => {
  it('maps each line to the normalized events', () => {
    expect(parseAll(createGeminiParser(), fixtureLines('gemini', 'session-write.jsonl'))).toEqual([
      {
        type: 'session_ref',
        payload: { ref: 'e4aee9bf-b21b-40fb-a371-396f23a33531', model: 'auto' },
        lines: { from: 1, to: 1 },
      },
      { type: 'message', payload: { role: 'user', text: 'create hello.txt' }, lines: { from: 2, to: 2 } },
      {
        type: 'message',
        payload: { role: 'assistant', text: 'I will create the file.' },
        lines: { from: 3, to: 3 },
      },
      {
        type: 'tool_use',
        payload: {
          toolId: 'write_file__write_file_1795620725513_0',
          name: 'write_file',
          summary: 'write hello.txt',
          input: { file_path: 'hello.txt', content: 'Hello, world!\n' },
        },
        lines: { from: 4, to: 4 },
      },
      {
        type: 'tool_result',
        payload: { toolId: 'write_file__write_file_1795620725513_0', ok: true },
        lines: { from: 5, to: 5 },
      },
      { type: 'file_change', payload: { path: 'hello.txt', kind: 'add' }, lines: { from: 5, to: 5 } },
      {
        type: 'message',
        payload: { role: 'assistant', text: 'Created hello.txt.' },
        lines: { from: 6, to: 7 },
      },
      {
        type: 'usage',
        payload: {
          inputTokens: 588,
          outputTokens: 36,
          cachedInputTokens: 0,
          costUsd: null,
          // stats.models: the router (gemini-3.5-flash-lite, 167 tokens) and the model that did the work.
          model: 'gemini-3.8-flash',
        },
        lines: { from: 8, to: 8 },
      },
      {
        type: 'result',
        payload: { ok: true, subtype: 'success', text: 'Created hello.txt.' },
        lines: { from: 8, to: 8 },
      },
    ]);
  });
});

describe('gemini parser on tool failures (exit 0, result success)', () => {
  it('reports a write refused in headless default mode as a failed tool plus a non-fatal error', () => {
    const events = parseCase('noyolo');
    const message =
      'Tool "write_file" not found. Did you mean one of: "read_file", "update_topic", "grep_search"?';
    expect(ofType(events, 'tool_result')).toEqual([
      {
        type: 'tool_result',
        payload: {
          toolId: 'write_file__write_file_1795620142553_0',
          ok: false,
          output: message,
          errorType: 'tool_not_registered',
        },
        lines: { from: 5, to: 5 },
      },
    ]);
    expect(ofType(events, 'error')).toEqual([
      {
        type: 'error',
        payload: { message, fatal: false, code: 'tool_not_registered' },
        lines: { from: 5, to: 5 },
      },
    ]);
    expect(ofType(events, 'file_change')).toEqual([]);
    expect(ofType(events, 'result')[0]?.payload.ok).toBe(true);
  });

  it('keeps the path-not-in-workspace message whole for recovery', () => {
    const events = parseCase('outside-ws');
    const [error] = ofType(events, 'error');
    expect(error?.payload.code).toBe('invalid_tool_params');
    expect(error?.payload.fatal).toBe(false);
    expect(error?.payload.message).toMatch(
      /^Path not in workspace: Attempted path "\/home\/dev\/lab\/runs\/outside-target\/outside.txt" resolves outside the allowed workspace directories: \/home\/dev\/lab\/runs\/outside-ws\/ws or the project temp directory: /,
    );
    expect(ofType(events, 'tool_use')[0]?.payload.summary).toBe(
      'write /home/dev/lab/runs/outside-target/outside.txt',
    );
    expect(ofType(events, 'message').at(-1)).toEqual({
      type: 'message',
      payload: { role: 'assistant', text: 'I could not write that file.' },
      lines: { from: 6, to: 7 },
    });
  });
});

describe('gemini parser on shell commands', () => {
  it('turns run_shell_command into a command that starts and completes with its output', () => {
    const events = parseCase('shell');
    expect(ofType(events, 'tool_use')[0]?.payload.summary).toBe('run echo hi');
    expect(ofType(events, 'command')).toEqual([
      {
        type: 'command',
        payload: { command: 'echo hi', status: 'started', exitCode: null },
        lines: { from: 3, to: 3 },
      },
      {
        type: 'command',
        payload: { command: 'echo hi', status: 'completed', exitCode: null, output: 'hi' },
        lines: { from: 4, to: 4 },
      },
    ]);
    expect(ofType(events, 'usage')[0]?.payload).toEqual({
      inputTokens: 398,
      outputTokens: 17,
      cachedInputTokens: 0,
      costUsd: null,
      model: 'gemini-2.5-flash',
    });
  });

  it('reads a silent non-zero exit from the display text and a missing shell tool as declined', () => {
    const events = parse(
      [
        line({
          type: 'tool_use',
          tool_name: 'run_shell_command',
          tool_id: 's1',
          parameters: { command: 'false' },
        }),
        line({
          type: 'tool_result',
          tool_id: 's1',
          status: 'success',
          output: 'Command exited with code: 1',
        }),
        line({
          type: 'tool_use',
          tool_name: 'run_shell_command',
          tool_id: 's2',
          parameters: { command: 'ls' },
        }),
        line({
          type: 'tool_result',
          tool_id: 's2',
          status: 'error',
          error: { type: 'tool_not_registered', message: 'Tool "run_shell_command" not found.' },
        }),
      ].join('\n'),
    );
    expect(
      ofType(events, 'command').map((e) => [e.payload.command, e.payload.status, e.payload.exitCode]),
    ).toEqual([
      ['false', 'started', null],
      ['false', 'failed', 1],
      ['ls', 'started', null],
      ['ls', 'declined', null],
    ]);
  });
});

describe('gemini parser on failed runs', () => {
  it('treats the empty stream (exit 0) as a failure named by the preceding error line', () => {
    const events = parseCase('empty-stream');
    expect(readCase('gemini', 'empty-stream').exitCode).toBe(0);
    expect(ofType(events, 'error')).toEqual([
      {
        type: 'error',
        payload: { message: 'Model stream ended without a finish reason.', fatal: false },
        lines: { from: 3, to: 3 },
      },
      {
        type: 'error',
        payload: { message: 'Model stream ended without a finish reason.', fatal: true },
        lines: { from: 4, to: 4 },
      },
    ]);
    expect(ofType(events, 'usage')[0]?.payload.inputTokens).toBe(596);
    expect(ofType(events, 'result')).toEqual([
      { type: 'result', payload: { ok: false, subtype: 'error' }, lines: { from: 4, to: 4 } },
    ]);
  });

  it('makes a warning line a notice, never the reason of the failed result that follows', () => {
    // A warning as the cli notes §2.2 give it, before the recorded empty-stream result (no error field).
    const warning = line({
      type: 'error',
      severity: 'warning',
      message: 'Loop detected, stopping execution',
    });
    const [init, user, , result] = splitLines(readCase('gemini', 'empty-stream').stdout);
    const events = parse([init, user, warning, result].join('\n'));
    expect(ofType(events, 'notice')).toEqual([
      {
        type: 'notice',
        payload: { message: 'Loop detected, stopping execution', code: 'warning' },
        lines: { from: 3, to: 3 },
      },
    ]);
    const errors = payloads(events, 'error');
    expect(errors).toEqual([{ message: 'gemini ended with status error and no reason', fatal: true }]);
  });

  it.each([
    ['err-http-401', 401, '[API Error: {"error":{"code":401,"message":"API key not valid.'],
    ['err-http-429', 429, '[API Error: Resource has been exhausted (e.g. check quota).]\nPlease wait'],
    ['closedport-fast', undefined, '[API Error: exception TypeError: fetch failed sending request]'],
  ])('reports %s as a fatal API error with HTTP status %s', (name, httpStatus, start) => {
    const events = parseCase(name);
    const errors = ofType(events, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.payload.fatal).toBe(true);
    expect(errors[0]?.payload.code).toBe('unknown');
    expect(errors[0]?.payload.httpStatus).toBe(httpStatus);
    expect(errors[0]?.payload.message.startsWith(start)).toBe(true);
    expect(ofType(events, 'result')[0]?.payload.ok).toBe(false);
  });

  it('says so when the stream stops without a result line', () => {
    const events = parse(readCase('gemini', 'err-http-429').stdout.split('\n').slice(0, 2).join('\n'));
    expect(events.at(-1)).toEqual({
      type: 'error',
      payload: { message: 'gemini stopped without a result line', fatal: true, code: 'no_result' },
      lines: { from: 2, to: 2 },
    });
  });
});

describe('gemini parser on assistant deltas', () => {
  it('joins consecutive deltas into one message and finds a signal split across them', () => {
    const events = parse(
      [delta('Wrote the changelog.\nMILE'), delta('STONE: changelog entry '), delta('added\nDone.')].join(
        '\n',
      ),
    );
    expect(events).toEqual([
      {
        type: 'message',
        payload: { role: 'assistant', text: 'Wrote the changelog.\nMILESTONE: changelog entry added\nDone.' },
        lines: { from: 1, to: 3 },
      },
      { type: 'MILESTONE', payload: { summary: 'changelog entry added' }, lines: { from: 1, to: 3 } },
    ]);
  });

  it('flushes the text before the next non-delta line', () => {
    const events = parse(
      [
        delta('BLOCKER: no '),
        delta('access'),
        line({ type: 'error', severity: 'warning', message: 'Loop detected' }),
      ].join('\n'),
    );
    expect(events.map((e) => [e.type, e.lines])).toEqual([
      ['message', { from: 1, to: 2 }],
      ['BLOCKER', { from: 1, to: 2 }],
      ['notice', { from: 3, to: 3 }],
    ]);
  });
});

describe('gemini parser on odd input', () => {
  it('never throws and keeps unreadable lines as raw events', () => {
    const lines = [
      '',
      'not json',
      '{"type":"message","role":"assis',
      'null',
      '[1,2]',
      line({ type: 'telemetry', data: 1 }),
      line({ type: 'tool_use' }),
      line({ type: 'tool_result', tool_id: 7 }),
      line({ type: 'result' }),
      line({ type: 'init' }),
      line({ type: 'message', role: 'system', content: 'x' }),
    ];
    const events = parse(lines.join('\n'));
    expect(events.map((e) => (e.type === 'raw' ? e.payload.reason : e.type))).toEqual([
      'malformed',
      'malformed',
      'malformed',
      'malformed',
      'malformed',
      'unknown',
      'unknown',
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ]);
    expect(uncoveredLines(events, lines.length)).toEqual([]);
  });

  it('reports a replace that creates a file as add, and a rewrite of a read file as update', () => {
    const events = parse(
      [
        line({ type: 'tool_use', tool_name: 'read_file', tool_id: 'r', parameters: { file_path: 'a.md' } }),
        line({ type: 'tool_result', tool_id: 'r', status: 'success' }),
        line({
          type: 'tool_use',
          tool_name: 'write_file',
          tool_id: 'w',
          parameters: { file_path: 'a.md', content: 'x' },
        }),
        line({ type: 'tool_result', tool_id: 'w', status: 'success' }),
        line({
          type: 'tool_use',
          tool_name: 'replace',
          tool_id: 'e',
          parameters: { file_path: 'src/new.ts', old_string: '', new_string: 'export {}' },
        }),
        line({ type: 'tool_result', tool_id: 'e', status: 'success' }),
      ].join('\n'),
    );
    expect(ofType(events, 'tool_use').map((e) => e.payload.summary)).toEqual([
      'read a.md',
      'write a.md',
      'edit src/new.ts',
    ]);
    expect(ofType(events, 'file_change').map((e) => e.payload)).toEqual([
      { path: 'a.md', kind: 'update' },
      { path: 'src/new.ts', kind: 'add' },
    ]);
  });

  it('turns write_todos into a todo list', () => {
    const events = parse(
      line({
        type: 'tool_use',
        tool_name: 'write_todos',
        tool_id: 't',
        parameters: {
          todos: [
            { description: 'read the code', status: 'completed' },
            { description: 'write tests', status: 'in_progress' },
          ],
        },
      }),
    );
    expect(ofType(events, 'todo')[0]?.payload.items).toEqual([
      { text: 'read the code', done: true },
      { text: 'write tests', done: false },
    ]);
  });
});
