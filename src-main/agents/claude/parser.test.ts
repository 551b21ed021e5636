import { describe, expect, it } from 'vitest';
import {
  fixtureLines,
  itParsesEveryRecording,
  parseAll,
  payloads,
  readCase,
  silentCases,
  splitLines,
} from '../../../test/cli-fixtures';
import { createClaudeParser } from './parser';

const parse = (lines: readonly string[]) => parseAll(createClaudeParser(), lines);
const parseCase = (name: string) => parse(splitLines(readCase('claude', name).stdout));
const sessionLines = () => fixtureLines('claude', 'session-write.jsonl');
/** examples.jsonl wraps each real line as {"example": label, "line": {...}}. */
const exampleLines = () =>
  fixtureLines('claude', 'examples.jsonl').map((l) =>
    JSON.stringify((JSON.parse(l) as { line: unknown }).line),
  );

describe('claude parser over every recording', () => {
  itParsesEveryRecording('claude', createClaudeParser);

  it('emits nothing for the cases where the CLI printed nothing on stdout', () => {
    const empty = silentCases('claude');
    expect(empty).toEqual(['root_skip_perms', 'sj_no_verbose', 'unknown_flag']);
    for (const name of empty) expect(parseCase(name)).toEqual([]);
  });
});

describe('claude parser on the canonical Write session', () => {
  it('maps each line to the normalized events', () => {
    const write = {
      file_path: '/home/dev/project/hello.txt',
      content: 'Hello from the mock Anthropic API!\n',
    };
    expect(parse(sessionLines())).toEqual([
      {
        type: 'session_ref',
        payload: { ref: 'e7ffcb95-c534-4375-8fc7-113651e94468', model: 'claude-opus-5-5' },
        lines: { from: 1, to: 1 },
      },
      { type: 'turn', payload: { phase: 'started' }, lines: { from: 1, to: 1 } },
      {
        type: 'message',
        payload: { role: 'assistant', text: "I'll create hello.txt." },
        lines: { from: 2, to: 2 },
      },
      {
        type: 'tool_use',
        payload: {
          toolId: 'toolu_mockdf0307bc14025e52a82493e6',
          name: 'Write',
          summary: 'write hello.txt',
          input: write,
        },
        lines: { from: 3, to: 3 },
      },
      {
        type: 'tool_result',
        payload: {
          toolId: 'toolu_mockdf0307bc14025e52a82493e6',
          ok: true,
          output:
            'File created successfully at: /home/dev/project/hello.txt (file state is current in your context — no need to Read it back)',
        },
        lines: { from: 4, to: 4 },
      },
      {
        type: 'file_change',
        payload: { path: '/home/dev/project/hello.txt', kind: 'add' },
        lines: { from: 4, to: 4 },
      },
      {
        type: 'message',
        payload: { role: 'assistant', text: 'Done — I created hello.txt.' },
        lines: { from: 5, to: 5 },
      },
      {
        type: 'usage',
        payload: {
          inputTokens: 5754,
          outputTokens: 40,
          cachedInputTokens: 0,
          costUsd: 0.023815999999999997,
          model: 'claude-opus-5-5',
        },
        lines: { from: 6, to: 6 },
      },
      {
        type: 'result',
        payload: { ok: true, text: 'Done — I created hello.txt.', subtype: 'success' },
        lines: { from: 6, to: 6 },
      },
      { type: 'turn', payload: { phase: 'completed' }, lines: { from: 6, to: 6 } },
    ]);
  });

  it('does not depend on key order (the result line does not start with "type")', () => {
    const lines = sessionLines().map((l) =>
      JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(l)).reverse())),
    );
    expect(parse(lines)).toEqual(parse(sessionLines()));
  });
});

describe('claude API errors', () => {
  it('429: retries are non-fatal, the synthetic message becomes one fatal error, result is not ok', () => {
    const events = parseCase('mock_err429');
    const text =
      'API Error: Request rejected (429) · Number of request tokens has exceeded your per-minute rate limit';
    expect(payloads(events, 'error')).toEqual([
      {
        message: 'API request failed (429); claude retries in 1191 ms (attempt 1/2)',
        fatal: false,
        code: 'rate_limit',
        httpStatus: 429,
        retrying: true,
      },
      {
        message: 'API request failed (429); claude retries in 1163 ms (attempt 2/2)',
        fatal: false,
        code: 'rate_limit',
        httpStatus: 429,
        retrying: true,
      },
      { message: text, fatal: true, code: 'rate_limit', httpStatus: 429 },
    ]);
    expect(events.find((e) => e.type === 'error' && e.payload.fatal)?.lines).toEqual({ from: 4, to: 4 });
    expect(payloads(events, 'message')).toEqual([]);
    expect(payloads(events, 'result')).toEqual([{ ok: false, text, subtype: 'success' }]);
    expect(payloads(events, 'turn').at(-1)).toEqual({ phase: 'failed' });
  });

  it('529: retry code "overloaded", final code from assistant.error with the HTTP status', () => {
    const events = parseCase('mock_err529');
    const errors = payloads(events, 'error');
    expect(errors.map((e) => [e.code, e.httpStatus, e.fatal])).toEqual([
      ['overloaded', 529, false],
      ['overloaded', 529, false],
      ['server_error', 529, true],
    ]);
    expect(errors[2]?.message).toMatch(/^API Error: Repeated 529 Overloaded errors\./);
  });

  it('no API key: authentication_failed without an HTTP status', () => {
    const events = parseCase('nokey_json');
    expect(payloads(events, 'error')).toEqual([
      {
        message: 'Not logged in · Please run /login',
        fatal: true,
        code: 'authentication_failed',
        httpStatus: null,
      },
    ]);
    expect(payloads(events, 'result')).toEqual([
      { ok: false, text: 'Not logged in · Please run /login', subtype: 'success' },
    ]);
  });

  it('401 and 500 keep the status and the SDK error code', () => {
    const fatal = (name: string) => payloads(parseCase(name), 'error').filter((e) => e.fatal);
    expect(fatal('mock_err401')).toEqual([
      {
        message: 'Invalid API key · Fix external API key',
        fatal: true,
        code: 'authentication_failed',
        httpStatus: 401,
      },
    ]);
    expect(fatal('mock_err500').map((e) => [e.code, e.httpStatus])).toEqual([['server_error', 500]]);
  });

  it('a timeout: one retry, then a fatal server_error', () => {
    const errors = payloads(parseCase('mock_hang'), 'error');
    expect(errors.map((e) => [e.fatal, e.code, e.retrying ?? false])).toEqual([
      [false, 'unknown', true],
      [true, 'server_error', false],
    ]);
  });

  it('a result line alone (connection refused) still gives the fatal error and its code', () => {
    const events = parseCase('closedport_json_r0');
    expect(payloads(events, 'session_ref')).toEqual([{ ref: '8dbd8a52-4e18-4f9b-a366-346f4338467e' }]);
    expect(payloads(events, 'error')).toEqual([
      {
        message: 'API Error: Connection refused — a firewall or proxy may be blocking it (ECONNREFUSED)',
        fatal: true,
        code: 'connection_failed',
        httpStatus: null,
      },
    ]);
  });

  it('a synthetic error the stream ends on is fatal; one followed by more output is not', () => {
    const [init, synthetic] = splitLines(readCase('claude', 'nokey_json').stdout);
    const cut = parse([init!, synthetic!]);
    expect(payloads(cut, 'error')).toEqual([
      {
        message: 'Not logged in · Please run /login',
        fatal: true,
        code: 'authentication_failed',
        httpStatus: null,
      },
    ]);
    const recovered = parse([init!, synthetic!, sessionLines()[1]!]);
    expect(payloads(recovered, 'error').map((e) => e.fatal)).toEqual([false]);
    expect(payloads(recovered, 'message')).toEqual([{ role: 'assistant', text: "I'll create hello.txt." }]);
  });

  it('a cut SSE stream: four retries, then a normal successful run', () => {
    const events = parseCase('mock_badsse');
    expect(payloads(events, 'error').map((e) => [e.fatal, e.retrying])).toEqual(Array(4).fill([false, true]));
    expect(payloads(events, 'file_change')).toEqual([
      { path: '/home/dev/lab/home/dev/r_badsse/hello.txt', kind: 'add' },
    ]);
    expect(payloads(events, 'usage')).toEqual([
      {
        inputTokens: 13828,
        outputTokens: 23,
        cachedInputTokens: 0,
        costUsd: 0.055772,
        model: 'claude-opus-5-5',
      },
    ]);
    expect(payloads(events, 'result')).toEqual([
      { ok: true, text: 'Done — I created hello.txt.', subtype: 'success' },
    ]);
  });
});

describe('claude limits, startup failures and permissions', () => {
  it('max turns: fatal max_turns, the file that was written still counts', () => {
    const events = parseCase('maxturns1');
    expect(payloads(events, 'error')).toEqual([
      { message: 'Reached maximum number of turns (1)', fatal: true, code: 'max_turns', httpStatus: null },
    ]);
    expect(payloads(events, 'file_change')).toEqual([
      { path: '/home/dev/lab/home/dev/maxturns1/hello.txt', kind: 'add' },
    ]);
    expect(payloads(events, 'result')).toEqual([
      { ok: false, text: 'Reached maximum number of turns (1)', subtype: 'error_max_turns' },
    ]);
  });

  it('budget: usage comes from modelUsage because usage is printed as zeros', () => {
    const events = parseCase('budget');
    expect(payloads(events, 'usage')).toEqual([
      {
        inputTokens: 2700,
        outputTokens: 33,
        cachedInputTokens: 0,
        costUsd: 0.011460000000000001,
        model: 'claude-opus-5-5',
      },
    ]);
    expect(payloads(events, 'error').map((e) => [e.code, e.message])).toEqual([
      ['budget_exhausted', 'Reached maximum budget ($0.005)'],
    ]);
    expect(payloads(events, 'file_change')).toEqual([]);
  });

  it('startup failures: no resumable session_ref, code from startup_failure_reason or subtype', () => {
    const resume = parseCase('resume_missing');
    expect(payloads(resume, 'session_ref')).toEqual([]);
    expect(payloads(resume, 'error')).toEqual([
      {
        message: 'No conversation found with session ID: 11111111-2222-3333-4444-555555555555',
        fatal: true,
        code: 'error_during_execution',
        httpStatus: null,
      },
    ]);
    const root = parseCase('root_skip_perms_sfr');
    expect(payloads(root, 'session_ref')).toEqual([]);
    expect(payloads(root, 'error').map((e) => e.code)).toEqual(['bypass_root']);
    expect(payloads(root, 'result')[0]).toMatchObject({ ok: false, subtype: 'error_during_execution' });
  });

  it('a denied Write: one permission_denied error, a failed tool_result, no file_change, result ok', () => {
    const events = parseCase('default_perm_denied');
    const message =
      "Claude requested permissions to write to /home/dev/lab/home/dev/x2/hello.txt, but you haven't granted it yet.";
    expect(payloads(events, 'error')).toEqual([{ message, fatal: false, code: 'permission_denied' }]);
    expect(payloads(events, 'tool_result')).toEqual([
      {
        toolId: 'toolu_mockddd7df505bfc6cecb5d0d95d',
        ok: false,
        output: message,
        errorType: 'user-rejected',
      },
    ]);
    expect(payloads(events, 'file_change')).toEqual([]);
    expect(payloads(events, 'result')[0]?.ok).toBe(true);
  });

  it('result.permission_denials alone (no system line) is still reported', () => {
    const lines = splitLines(readCase('claude', 'default_perm_denied').stdout).filter(
      (l) => !l.includes('"permission_denied"'),
    );
    expect(payloads(parse(lines), 'error')).toEqual([
      { message: 'permission denied for Write', fatal: false, code: 'permission_denied' },
    ]);
  });
});

describe('claude lines outside the default output', () => {
  it('status and partial-message lines are ignored, replays and interrupts are user messages', () => {
    const examples = exampleLines();
    const events = parse(examples);
    const rawReasons = events
      .filter((e) => e.type === 'raw')
      .map((e) => [e.lines?.from, e.type === 'raw' && e.payload.reason]);
    expect(rawReasons).toEqual([7, 8, 9, 10, 11, 12].map((n) => [n, 'ignored']));
    expect(payloads(events, 'message').filter((m) => m.role === 'user')).toEqual([
      { role: 'user', text: 'create hello.txt' },
      { role: 'user', text: '[Request interrupted by user]' },
    ]);
  });

  it('never throws: text, torn JSON, arrays and unknown types become raw events', () => {
    const torn = sessionLines()[5]!.slice(0, 120);
    expect(
      parse([
        'Warning: no stdin data received in 3s',
        torn,
        '[1,2]',
        '{"type":"mystery","x":1}',
        '{"type":"assistant","message":7}',
      ]),
    ).toEqual([
      {
        type: 'raw',
        payload: { line: 'Warning: no stdin data received in 3s', reason: 'malformed' },
        lines: { from: 1, to: 1 },
      },
      { type: 'raw', payload: { line: torn, reason: 'malformed' }, lines: { from: 2, to: 2 } },
      { type: 'raw', payload: { line: '[1,2]', reason: 'malformed' }, lines: { from: 3, to: 3 } },
      {
        type: 'raw',
        payload: { line: '{"type":"mystery","x":1}', reason: 'unknown' },
        lines: { from: 4, to: 4 },
      },
      {
        type: 'raw',
        payload: { line: '{"type":"assistant","message":7}', reason: 'ignored' },
        lines: { from: 5, to: 5 },
      },
    ]);
  });
});

/** Lines in the recorded shape (cli notes §3) for tools no recording exercised. */
function toolLines(): string[] {
  const [init] = sessionLines();
  const assistant = (block: object) =>
    JSON.stringify({
      type: 'assistant',
      message: { id: 'msg_1', role: 'assistant', model: 'claude-opus-5-5', content: [block] },
      session_id: 's',
    });
  const user = (block: object, toolUseResult: unknown) =>
    JSON.stringify({
      type: 'user',
      message: { role: 'user', content: [{ type: 'tool_result', ...block }] },
      tool_use_result: toolUseResult,
    });
  return [
    init!,
    assistant({ type: 'thinking', thinking: 'The tests live in test/.', signature: 'x' }),
    assistant({
      type: 'tool_use',
      id: 't1',
      name: 'Bash',
      input: { command: 'npm test', description: 'Run tests' },
    }),
    user({ tool_use_id: 't1', content: 'Exit code 1\nFAIL a.test.ts', is_error: true }, 'Error: Exit code 1'),
    assistant({ type: 'tool_use', id: 't2', name: 'Bash', input: { command: 'ls' } }),
    user({ tool_use_id: 't2', content: 'a.ts' }, { stdout: 'a.ts', stderr: '', interrupted: false }),
    assistant({
      type: 'tool_use',
      id: 't3',
      name: 'Edit',
      input: { file_path: '/home/dev/project/src/a.ts', old_string: 'a', new_string: 'b' },
    }),
    user(
      { tool_use_id: 't3', content: 'The file has been updated.' },
      { filePath: '/home/dev/project/src/a.ts', structuredPatch: [] },
    ),
    assistant({
      type: 'tool_use',
      id: 't4',
      name: 'TodoWrite',
      input: {
        todos: [
          { content: 'write docs', status: 'completed' },
          { content: 'test', status: 'pending' },
        ],
      },
    }),
    assistant({
      type: 'tool_use',
      id: 't5',
      name: 'Read',
      input: { file_path: '/home/dev/project/README.md' },
    }),
    user(
      { tool_use_id: 't5', content: '# readme' },
      { type: 'text', file: { filePath: '/home/dev/project/README.md' } },
    ),
  ];
}

describe('claude tool mapping', () => {
  it('thinking, Bash as commands, Edit as one update, TodoWrite as a todo list, Read without file_change', () => {
    const events = parse(toolLines());
    expect(payloads(events, 'thinking')).toEqual([{ text: 'The tests live in test/.' }]);
    expect(payloads(events, 'command')).toEqual([
      { command: 'npm test', status: 'started', exitCode: null },
      { command: 'npm test', status: 'failed', exitCode: 1, output: 'Exit code 1\nFAIL a.test.ts' },
      { command: 'ls', status: 'started', exitCode: null },
      { command: 'ls', status: 'completed', exitCode: 0, output: 'a.ts' },
    ]);
    expect(payloads(events, 'tool_use').map((t) => t.summary)).toEqual([
      'run npm test',
      'run ls',
      'edit src/a.ts',
      'update the todo list (2 items)',
      'read README.md',
    ]);
    expect(payloads(events, 'file_change')).toEqual([{ path: '/home/dev/project/src/a.ts', kind: 'update' }]);
    expect(payloads(events, 'todo')).toEqual([
      {
        items: [
          { text: 'write docs', done: true },
          { text: 'test', done: false },
        ],
      },
    ]);
    expect(payloads(events, 'tool_result').map((r) => [r.toolId, r.ok, r.errorType])).toEqual([
      ['t1', false, 'tool_error'],
      ['t2', true, undefined],
      ['t3', true, undefined],
      ['t5', true, undefined],
    ]);
  });
});
