import { describe, expect, it } from 'vitest';
import { draft, type Event, type EventDraft } from '../../src-shared/models';
import { readCase, splitLines } from '../../test/cli-fixtures';
import { classify, classifyLive } from './classify';
import { observe, observeCase } from './testing';
import type { RunObservation } from './types';

const json = (value: object): string => JSON.stringify(value);
const codexLines = (...lines: object[]): string => lines.map(json).join('\n');
const WAITING = {
  type: 'error',
  message: 'Reconnecting... waiting for network (Connection failed: error sending request)',
};
const STARTED = [{ type: 'thread.started', thread_id: 't-1' }, { type: 'turn.started' }];

/** A codex stream as the supervisor sees it so far, through the real parser. */
const codexSoFar = (waiting: number): readonly EventDraft[] =>
  observe('codex', codexLines(...STARTED, ...Array.from({ length: waiting }, () => WAITING)), '', null)
    .events;

describe('classifyLive', () => {
  it('ends codex’s endless "waiting for network" loop at the third line', () => {
    expect(classifyLive('codex-exec-json', [], codexSoFar(2))).toBeNull();
    const error = classifyLive('codex-exec-json', [], codexSoFar(3));
    expect(error).toMatchObject({ id: 'codex-waiting-for-network', errorClass: 'unreachable' });
    expect(error?.message).toBe(WAITING.message);
  });

  it('leaves codex’s bounded "Reconnecting... N/5" retries alone', () => {
    expect(classifyLive('codex-exec-json', [], observeCase('codex', 'x-http429').events)).toBeNull();
    expect(classifyLive('codex-exec-json', [], observeCase('codex', 'x-truncate').events)).toBeNull();
  });

  it('bounds gemini’s minutes of 429 retries after three attempts on stderr', () => {
    const stderr = splitLines(readCase('gemini', 'err-http-429').stderr);
    const attempts = (n: number) => {
      const at = stderr.findIndex((line, i) => line.startsWith(`Attempt ${n + 1} failed`) && i > 0);
      return at < 0 ? stderr : stderr.slice(0, at);
    };
    expect(classifyLive('gemini-stream-json', attempts(2), [])).toBeNull();
    const error = classifyLive('gemini-stream-json', attempts(3), []);
    expect(error).toMatchObject({ id: 'gemini-retrying-429', errorClass: 'rate_limited' });
    expect(error?.message).toMatch(/^Attempt 3 failed with status 429/);
  });

  it('bounds gemini’s fetch-failed retries on a dead endpoint', () => {
    const line =
      'Attempt 1 failed. Retrying with backoff... Error: exception TypeError: fetch failed sending request';
    expect(classifyLive('gemini-stream-json', [line], [])).toBeNull();
    expect(classifyLive('gemini-stream-json', [line, line.replace('1', '2')], [])?.errorClass).toBe(
      'unreachable',
    );
  });

  it('never reports a failure that ends by itself', () => {
    const { stderr, events } = observeCase('claude', 'mock_err429');
    expect(classifyLive('claude-stream-json', stderr, events)).toBeNull();
  });
});

describe('classify after the run', () => {
  it('calls a killed codex run unreachable after even one "waiting for network"', () => {
    const obs = observe('codex', codexLines(...STARTED, WAITING), '', 137);
    expect(classify(obs)?.id).toBe('codex-waiting-for-network');
  });

  it('calls gemini killed during its 429 retries rate-limited, not crashed', () => {
    const stderr = readCase('gemini', 'err-http-429').stderr.split('Attempt 4')[0] ?? '';
    const stdout = readCase('gemini', 'err-http-429').stdout.split('\n').slice(0, 2).join('\n');
    const obs = { ...observe('gemini', stdout, stderr, null), signal: 'SIGTERM' };
    expect(classify(obs)?.id).toBe('gemini-retrying-429');
  });

  it('ignores retries the CLI got over by itself', () => {
    const obs = observe(
      'codex',
      codexLines(...STARTED, WAITING, { type: 'turn.completed', usage: {} }),
      '',
      0,
    );
    expect(classify(obs)).toBeNull();
  });

  it('leaves refused writes of a read-only run alone: the policy worked', () => {
    expect(classify({ ...observeCase('gemini', 'noyolo'), readOnly: true })).toBeNull();
    expect(classify({ ...observeCase('claude', 'default_perm_denied'), readOnly: true })).toBeNull();
  });

  it('strips ANSI colours before matching stderr', () => {
    const obs = observe('gemini', '', '\x1b[31mGemini CLI is not running in a trusted directory.\x1b[0m', 1);
    expect(classify(obs)?.message).toBe('Gemini CLI is not running in a trusted directory.');
  });
});

describe('signatures from the cli notes without a recorded case', () => {
  const stderrOnly = (cli: 'claude' | 'codex' | 'gemini', stderr: string, exitCode: number) =>
    classify(observe(cli, '', stderr, exitCode));

  it.each([
    [
      'codex',
      'Error: thread/resume: thread/resume failed: no rollout found for thread id 0000 (code -32600)',
      1,
      'resume_not_found',
    ],
    [
      'gemini',
      'Error resuming session: No previous sessions found for this project.',
      42,
      'resume_not_found',
    ],
    [
      'gemini',
      'When using Gemini API, you must specify the GEMINI_API_KEY environment variable.',
      41,
      'not_authenticated',
    ],
    ['gemini', 'Invalid auth method selected.', 41, 'not_authenticated'],
    [
      'gemini',
      'Cannot use both --yolo (-y) and --approval-mode together. Use --approval-mode=yolo instead.',
      1,
      'bad_arguments',
    ],
    [
      'gemini',
      'Invalid values:\n  Argument: approval-mode, Given: "bogus", Choices: "default"',
      1,
      'bad_arguments',
    ],
    [
      'gemini',
      'Fatal error: Failed to relaunch the CLI process.\nFatalSandboxError: Sandbox image missing',
      1,
      'sandbox_unavailable',
    ],
    [
      'claude',
      "error: option '--permission-mode <mode>' argument 'yolo' is invalid. Allowed choices are acceptEdits.",
      1,
      'bad_arguments',
    ],
    ['codex', "error: invalid value 'full' for '--sandbox <SANDBOX_MODE>'", 2, 'bad_arguments'],
    ['codex', 'Error loading config.toml: `wire_api = "chat"` is no longer supported.', 1, 'bad_config'],
    [
      'codex',
      'Error: could not open /srv/project/wt/.git: Permission denied (os error 13)',
      1,
      'permission_denied',
    ],
  ] as const)('%s: %s', (cli, stderr, exitCode, errorClass) => {
    expect(stderrOnly(cli, stderr, exitCode)?.errorClass).toBe(errorClass);
  });

  it('turns yargs’ bare names into the flags to drop', () => {
    const error = stderrOnly('gemini', 'Unknown arguments: frobnicate, x', 1);
    expect(error?.facts).toMatchObject({ flag: '--frobnicate', flags: '--frobnicate -x' });
  });

  it('reads claude’s text-mode "Not logged in" from raw stdout', () => {
    expect(classify(observe('claude', 'Not logged in · Please run /login', '', 1))?.id).toBe(
      'claude-not-authenticated',
    );
  });

  it('finds the refused path of gemini’s older wording in the tool call', () => {
    const stdout = [
      { type: 'init', session_id: 's', model: 'm' },
      {
        type: 'tool_use',
        tool_name: 'write_file',
        tool_id: 'w1',
        parameters: { file_path: '/srv/out/a.txt' },
      },
      {
        type: 'tool_result',
        tool_id: 'w1',
        status: 'error',
        output: 'File path must be within one of the workspace directories: /srv/project/wt',
        error: {
          type: 'invalid_tool_params',
          message: 'File path must be within one of the workspace directories: /srv/project/wt',
        },
      },
      { type: 'result', status: 'success', stats: {} },
    ];
    const error = classify(observe('gemini', codexLines(...stdout), '', 0));
    expect(error).toMatchObject({
      id: 'gemini-path-outside-workspace',
      facts: { path: '/srv/out/a.txt', directory: '/srv/out' },
    });
  });

  it('sees codex’s read-only sandbox only in a failed command’s output', () => {
    const stdout = codexLines(
      ...STARTED,
      {
        type: 'item.completed',
        item: {
          id: 'item_1',
          type: 'command_execution',
          command: "/bin/bash -lc 'echo hi > /etc/x'",
          aggregated_output: 'bash: /etc/x: Read-only file system\n',
          exit_code: 1,
          status: 'failed',
        },
      },
      { type: 'turn.completed', usage: {} },
    );
    expect(classify(observe('codex', stdout, '', 0))).toMatchObject({
      id: 'codex-read-only-fs',
      errorClass: 'permission_denied',
    });
  });
});

describe('robustness', () => {
  it('takes stamped events from the session log as well as drafts', () => {
    const obs = observeCase('codex', 'x-quota');
    const events: Event[] = obs.events.map(
      (e, seq) => ({ ...e, seq, ts: '2026-11-25T15:00:00.000Z', sessionId: 's' }) as Event,
    );
    expect(classify({ ...obs, events })?.id).toBe('codex-quota-exceeded');
  });

  it('names the signal of a killed run that left nothing else', () => {
    const obs = {
      ...observe('claude', json({ type: 'system', subtype: 'init', session_id: 's' }), '', null),
      signal: 'SIGTERM',
    };
    expect(classify(obs)).toMatchObject({ id: 'no-result', message: 'signal SIGTERM' });
  });

  it('gives every failed run a class, quoting the last fatal error or stderr line', () => {
    const fatal = classify({
      ...observe('codex', '', '', 1),
      events: [draft('error', { message: 'something new', fatal: true }), draft('result', { ok: false })],
    });
    expect(fatal).toMatchObject({ id: 'unrecognized-failure', message: 'something new' });
    const stack = 'Error: brand new failure\n    at main (x.js:1:1)\n}';
    expect(classify(observe('gemini', '', stack, 1))?.message).toBe('Error: brand new failure');
    expect(classify(observe('claude', '', '', 3))?.message).toBe('exit code 3');
  });

  it('never throws, whatever the events look like', () => {
    const broken = {
      ...observe('gemini', '', '', 1),
      events: [{ type: 'error', payload: null }, { type: 'tool_result' }] as unknown as EventDraft[],
    } as RunObservation;
    expect(() => classify(broken)).not.toThrow();
    expect(() => classifyLive('codex-exec-json', [], broken.events)).not.toThrow();
    expect(classify(null as unknown as RunObservation)).toBeNull();
  });
});
