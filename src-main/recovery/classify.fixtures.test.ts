import { describe, expect, it } from 'vitest';
import { RecoveryAction } from '../../src-shared/models';
import type { CliName } from '../../test/cli-fixtures';
import { CATALOGUE, entryById } from './catalogue';
import { classify } from './classify';
import { applyToArgs, planRecovery } from './plan-recovery';
import { caseNames, CWD, formatOf, observeCase, observeSession, PROMPT } from './testing';
import type { ErrorClass } from './types';

interface Expected {
  errorClass: ErrorClass | null;
  /** Catalogue entry id. */
  id?: string;
  kind?: RecoveryAction['kind'];
  /** The argv the recorded run had (default: the adapter's work run). */
  args?: readonly string[];
  /** For relaunches: the exact next argv. */
  after?: readonly string[];
  resume?: boolean;
}

const none: Expected = { errorClass: null };
const SESSION = '11111111-2222-3333-4444-555555555555';

const CLAUDE = ['-p', '--output-format', 'stream-json', '--verbose'];
const ACCEPT_EDITS = ['--permission-mode', 'acceptEdits'];
const CODEX = ['exec', '--json', '--sandbox', 'workspace-write'];
const CODEX_TAIL = ['-c', 'analytics.enabled=false', '--disable', 'plugins'];
const GEMINI = ['-o', 'stream-json'];

/**
 * Every recorded failure case of every CLI, with the class and the action it must get. A new case directory
 * without a row here fails the test below. Relaunch rows give the argv the run had and the one to run next.
 */
const TABLE: Record<CliName, Record<string, Expected>> = {
  claude: {
    budget: { errorClass: 'limit_reached', id: 'claude-limit-reached', kind: 'escalate' },
    closedport_json_r0: { errorClass: 'unreachable', id: 'claude-connection-failed', kind: 'backoff' },
    default_perm_denied: {
      errorClass: 'permission_denied',
      id: 'claude-permission-denied',
      kind: 'escalate',
    },
    // No session was announced, so there is nothing to resume.
    harness_open: {
      errorClass: 'crashed',
      id: 'no-result',
      kind: 'relaunch',
      args: [...CLAUDE, ...ACCEPT_EDITS, '--', PROMPT],
      after: [...CLAUDE, ...ACCEPT_EDITS, '--', PROMPT],
      resume: false,
    },
    maxturns1: { errorClass: 'limit_reached', id: 'claude-limit-reached', kind: 'escalate' },
    mock_badsse: none,
    mock_err401: { errorClass: 'not_authenticated', id: 'claude-not-authenticated', kind: 'setup_required' },
    mock_err429: { errorClass: 'rate_limited', id: 'claude-rate-limited', kind: 'backoff', resume: true },
    mock_err500: { errorClass: 'server_error', id: 'claude-server-error', kind: 'backoff', resume: true },
    mock_err529: { errorClass: 'overloaded', id: 'claude-overloaded', kind: 'backoff', resume: true },
    mock_hang: { errorClass: 'server_error', id: 'claude-server-error', kind: 'backoff', resume: true },
    nokey_json: { errorClass: 'not_authenticated', id: 'claude-not-authenticated', kind: 'setup_required' },
    resume_missing: {
      errorClass: 'resume_not_found',
      id: 'claude-resume-not-found',
      kind: 'relaunch',
      args: [...CLAUDE, ...ACCEPT_EDITS, '--resume', SESSION, '--', PROMPT],
      after: [...CLAUDE, ...ACCEPT_EDITS, '--', PROMPT],
      resume: false,
    },
    root_skip_perms: {
      errorClass: 'root_permission_bypass',
      id: 'claude-root-bypass',
      kind: 'relaunch',
      args: [...CLAUDE, '--dangerously-skip-permissions', '--', PROMPT],
      after: [...CLAUDE, ...ACCEPT_EDITS, '--', PROMPT],
    },
    root_skip_perms_sfr: {
      errorClass: 'root_permission_bypass',
      id: 'claude-root-bypass',
      kind: 'relaunch',
      args: [...CLAUDE, '--permission-mode', 'bypassPermissions', '--', PROMPT],
      after: [...CLAUDE, ...ACCEPT_EDITS, '--', PROMPT],
    },
    sj_no_verbose: {
      errorClass: 'needs_verbose',
      id: 'claude-needs-verbose',
      kind: 'relaunch',
      args: ['-p', '--output-format', 'stream-json', ...ACCEPT_EDITS, '--', PROMPT],
      after: ['-p', '--output-format', 'stream-json', ...ACCEPT_EDITS, '--verbose', '--', PROMPT],
    },
    unknown_flag: {
      errorClass: 'unknown_flag',
      id: 'claude-unknown-option',
      kind: 'relaunch',
      args: [...CLAUDE, ...ACCEPT_EDITS, '--bogus-flag', '--', PROMPT],
      after: [...CLAUDE, ...ACCEPT_EDITS, '--', PROMPT],
    },
  },
  codex: {
    '01-no-git-repo': {
      errorClass: 'untrusted_directory',
      id: 'codex-untrusted-directory',
      kind: 'relaunch',
      args: [...CODEX, '-C', CWD, ...CODEX_TAIL, PROMPT],
      after: [...CODEX, '-C', CWD, ...CODEX_TAIL, '--skip-git-repo-check', PROMPT],
    },
    '02-no-api-key': {
      errorClass: 'unreachable',
      id: 'codex-connection-failed',
      kind: 'backoff',
      resume: true,
    },
    '03-cd-nonexistent': { errorClass: 'missing_directory', id: 'codex-missing-directory', kind: 'escalate' },
    '04-unknown-flag': {
      errorClass: 'unknown_flag',
      id: 'codex-unknown-argument',
      kind: 'relaunch',
      args: [...CODEX, '--bogus-flag', PROMPT],
      after: [...CODEX, PROMPT],
    },
    '04b-full-auto': {
      errorClass: 'unknown_flag',
      id: 'codex-full-auto-removed',
      kind: 'relaunch',
      args: ['exec', '--json', '--full-auto', PROMPT],
      after: ['exec', '--json', '--sandbox', 'workspace-write', PROMPT],
    },
    '05-unknown-provider': { errorClass: 'bad_config', id: 'codex-bad-config', kind: 'setup_required' },
    'c-closed-custom-noretry': {
      errorClass: 'unreachable',
      id: 'codex-waiting-for-network',
      kind: 'backoff',
      resume: true,
    },
    'i-cmd-fail': none,
    // Killed after thread.started: continue that thread (`exec resume` takes no -C).
    'i-sigterm': {
      errorClass: 'crashed',
      id: 'no-result',
      kind: 'relaunch',
      args: [...CODEX, '-C', CWD, ...CODEX_TAIL, PROMPT],
      after: [...CODEX, ...CODEX_TAIL, 'resume', '01a2134d-32fa-7ce3-b680-8a8a3a47c3f0', PROMPT],
      resume: true,
    },
    'i-stdin-open': { errorClass: 'stdin_blocked', id: 'codex-stdin-open', kind: 'escalate' },
    'v1-failtools': none,
    // A fresh thread: the resumed one is what ran out of room.
    'x-ctx': {
      errorClass: 'context_exhausted',
      id: 'codex-context-exhausted',
      kind: 'relaunch',
      args: [...CODEX, ...CODEX_TAIL, 'resume', '01a2134a-ae39-7222-95fc-cb3ef96251dc', PROMPT],
      after: [...CODEX, ...CODEX_TAIL, '-C', CWD, PROMPT],
      resume: false,
    },
    'x-http401': { errorClass: 'not_authenticated', id: 'codex-unauthorized', kind: 'setup_required' },
    'x-http429': { errorClass: 'rate_limited', id: 'codex-rate-limited', kind: 'backoff', resume: true },
    'x-http500': { errorClass: 'server_error', id: 'codex-server-error', kind: 'backoff', resume: true },
    'x-missing-envkey': {
      errorClass: 'not_authenticated',
      id: 'codex-missing-env-key',
      kind: 'setup_required',
    },
    'x-quota': { errorClass: 'quota_exceeded', id: 'codex-quota-exceeded', kind: 'setup_required' },
    'x-truncate': {
      errorClass: 'stream_interrupted',
      id: 'codex-stream-disconnected',
      kind: 'backoff',
      resume: true,
    },
  },
  gemini: {
    'closedport-fast': {
      errorClass: 'unreachable',
      id: 'gemini-fetch-failed',
      kind: 'backoff',
      resume: true,
    },
    'empty-stream': {
      errorClass: 'empty_response',
      id: 'gemini-empty-stream',
      kind: 'backoff',
      resume: true,
    },
    'err-http-401': {
      errorClass: 'not_authenticated',
      id: 'gemini-api-unauthorized',
      kind: 'setup_required',
    },
    'err-http-429': { errorClass: 'rate_limited', id: 'gemini-rate-limited', kind: 'backoff', resume: true },
    'incdir-missing': { errorClass: 'missing_directory', id: 'gemini-include-dir-missing', kind: 'escalate' },
    'noauth-stream': { errorClass: 'not_authenticated', id: 'gemini-no-auth-method', kind: 'setup_required' },
    noyolo: {
      errorClass: 'write_tools_missing',
      id: 'gemini-write-tools-missing',
      kind: 'relaunch',
      args: [...GEMINI, '--skip-trust', '-p', PROMPT],
      after: [...GEMINI, '--skip-trust', '--approval-mode', 'auto_edit', '-p', PROMPT],
    },
    'outside-ws': {
      errorClass: 'path_outside_workspace',
      id: 'gemini-path-outside-workspace',
      kind: 'relaunch',
      args: [...GEMINI, '--yolo', '--skip-trust', '-p', PROMPT],
      after: [
        ...GEMINI,
        '--yolo',
        '--skip-trust',
        '--include-directories',
        '/home/dev/lab/runs/outside-target',
        '-p',
        PROMPT,
      ],
    },
    shell: none,
    'unknown-flag': {
      errorClass: 'unknown_flag',
      id: 'gemini-unknown-argument',
      kind: 'relaunch',
      args: [...GEMINI, '--frobnicate', '--skip-trust', '-p', PROMPT],
      after: [...GEMINI, '--skip-trust', '-p', PROMPT],
    },
    untrusted: {
      errorClass: 'untrusted_directory',
      id: 'gemini-untrusted-folder',
      kind: 'relaunch',
      args: [...GEMINI, '--approval-mode', 'auto_edit', '-p', PROMPT],
      after: [...GEMINI, '--approval-mode', 'auto_edit', '--skip-trust', '-p', PROMPT],
    },
  },
};

const CLIS: CliName[] = ['claude', 'codex', 'gemini'];
// The recorded outside-target directory is on the lab machine, not here.
const everyDirExists = { dirExists: () => true };

describe.each(CLIS)('%s fixture cases', (cli) => {
  it('has an expectation for every recorded case', () => {
    expect(Object.keys(TABLE[cli]).sort()).toEqual(caseNames(cli));
  });

  it.each(Object.entries(TABLE[cli]))('%s', (name, expected) => {
    const obs = observeCase(cli, name, expected.args);
    const error = classify(obs);
    expect(error?.errorClass ?? null).toBe(expected.errorClass);
    if (!error) return;
    expect(error.id).toBe(expected.id);
    expect(error.message).not.toBe('');
    expect(entryById(error.id)?.seenIn).toContain(`${cli}/${name}`);

    const action = planRecovery(error, obs, 0, 3, everyDirExists);
    expect(RecoveryAction.parse(action)).toEqual(action);
    expect(action.kind).toBe(expected.kind);
    if (expected.resume !== undefined) expect(action.resume).toBe(expected.resume);
    if (action.kind !== 'relaunch' && action.kind !== 'backoff') return;
    expect(action.before).toEqual(obs.args);
    expect(action.after).toEqual(applyToArgs(obs.args, action, formatOf(cli)));
    if (expected.after) expect(action.after).toEqual(expected.after);
  });
});

describe('catalogue cross-check', () => {
  it('names in seenIn only recorded cases that classify to that entry', () => {
    const refs = CATALOGUE.flatMap((entry) => (entry.seenIn ?? []).map((ref) => ({ ref, id: entry.id })));
    expect(refs.length).toBeGreaterThan(40);
    for (const { ref, id } of refs) {
      const [cli, name] = ref.split('/') as [CliName, string];
      expect(TABLE[cli][name]?.id, ref).toBe(id);
    }
  });
});

describe('recorded successful sessions', () => {
  it.each([
    ['claude', 'session-write.jsonl'],
    ['codex', 'session-shell.jsonl'],
    ['gemini', 'session-write.jsonl'],
  ] as const)('%s %s classifies as no failure', (cli, file) => {
    const obs = observeSession(cli, file);
    expect(obs.events.some((e) => e.type === 'result')).toBe(true);
    expect(classify(obs)).toBeNull();
  });

  it('ignores the notices gemini prints on stderr in every run (quirk 12)', () => {
    const obs = {
      ...observeSession('gemini', 'session-write.jsonl'),
      stderr: [
        'Warning: 256-color support not detected. Using a terminal with at least 256-color support is recommended.',
        'YOLO mode is enabled. All tool calls will be automatically approved.',
        'Ripgrep is not available. Falling back to GrepTool.',
      ],
    };
    expect(classify(obs)).toBeNull();
  });
});
