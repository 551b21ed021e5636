import { describe, expect, it } from 'vitest';
import { draft, RecoveryAction, type EventDraft, type StreamFormat } from '../../src-shared/models';
import { applyToArgs, planRecovery } from './plan-recovery';
import type { KnownError, RunObservation } from './types';

const obs = (format: StreamFormat, args: string[], events: EventDraft[] = []): RunObservation => ({
  agent: 'a',
  format,
  args,
  cwd: '/srv/project/wt',
  exitCode: 1,
  signal: null,
  stderr: [],
  events,
  isRoot: false,
});

const known = (id: string, facts: Record<string, string> = {}): KnownError => ({
  id,
  errorClass: 'rate_limited',
  message: 'evidence',
  facts,
});

const CODEX_RUN = obs(
  'codex-exec-json',
  ['exec', '--json', '-C', '/srv/project/wt', 'task'],
  [draft('session_ref', { ref: 'thread-1' })],
);
const GEMINI_RUN = obs('gemini-stream-json', ['-o', 'stream-json', '--skip-trust', '-p', 'task']);
const valid = (action: RecoveryAction): RecoveryAction => RecoveryAction.parse(action);

describe('backoff', () => {
  it('doubles from baseMs per recovery already done and stops at maxMs, without jitter', () => {
    const delays = [0, 1, 2, 3, 4, 5].map(
      (attempt) => planRecovery(known('codex-rate-limited'), CODEX_RUN, attempt, 10).delayMs,
    );
    expect(delays).toEqual([60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
  });

  it('resumes the announced session after the wait, and says so in the argv', () => {
    const action = valid(planRecovery(known('codex-server-error'), CODEX_RUN, 0, 3));
    expect(action).toMatchObject({ kind: 'backoff', resume: true, attempt: 1, delayMs: 30_000 });
    expect(action.after).toEqual(['exec', '--json', 'resume', 'thread-1', 'task']);
  });

  it('escalates an unreachable endpoint after its own shorter limit', () => {
    const error = known('codex-waiting-for-network');
    expect(planRecovery(error, CODEX_RUN, 1, 10).kind).toBe('backoff');
    const action = valid(planRecovery(error, CODEX_RUN, 2, 10));
    expect(action.kind).toBe('escalate');
    expect(action.reason).toMatch(/after 2 waits/);
    expect(action.hint).toMatch(/base_url/);
  });
});

describe('backoff with the sessions known to exist', () => {
  it('resumes an announced session only when it is among them', () => {
    const known_ = { ...CODEX_RUN, resumableRefs: ['thread-1'] };
    expect(planRecovery(known('codex-server-error'), known_, 0, 3)).toMatchObject({ resume: true });
    const action = valid(
      planRecovery(known('codex-server-error'), { ...CODEX_RUN, resumableRefs: [] }, 0, 3),
    );
    expect(action).toMatchObject({ kind: 'backoff', resume: false });
    expect(action.after).toEqual(CODEX_RUN.args);
  });

  it('drops the resume of a run that resumed a session not known to exist: the retry starts fresh', () => {
    const resumed = obs('gemini-stream-json', ['-o', 'stream-json', '--resume', 'gone', '-p', 'go on']);
    const action = valid(planRecovery(known('gemini-server-error'), { ...resumed, resumableRefs: [] }, 0, 3));
    expect(action).toMatchObject({ kind: 'backoff', resume: false });
    expect(action.after).toEqual(['-o', 'stream-json', '-p', 'go on']);
  });
});

describe('limits and loops', () => {
  it('escalates once maxRecoveries are used up', () => {
    const action = valid(planRecovery(known('codex-rate-limited'), CODEX_RUN, 3, 3));
    expect(action.kind).toBe('escalate');
    expect(action.reason).toMatch(/^3 recoveries already tried/);
    expect(planRecovery(known('no-result'), CODEX_RUN, 0, 0).kind).toBe('escalate');
  });

  it('escalates a relaunch whose fix is already in the command line', () => {
    const claude = obs('claude-stream-json', [
      '-p',
      '--verbose',
      '--output-format',
      'stream-json',
      '--',
      'task',
    ]);
    const action = valid(planRecovery(known('claude-needs-verbose'), claude, 0, 3));
    expect(action.kind).toBe('escalate');
    expect(action.reason).toMatch(/already has that fix/);
    const trusted = obs('codex-exec-json', ['exec', '--skip-git-repo-check', 'task']);
    expect(planRecovery(known('codex-untrusted-directory'), trusted, 0, 3).kind).toBe('escalate');
    const flagGone = obs('claude-stream-json', ['-p', '--', 'task']);
    expect(planRecovery(known('claude-unknown-option', { flag: '--bogus' }), flagGone, 0, 3).kind).toBe(
      'escalate',
    );
  });

  it('escalates when the evidence lacks what the fix needs', () => {
    const action = planRecovery(known('claude-unknown-option'), obs('claude-stream-json', ['--', 't']), 0, 3);
    expect(action.kind).toBe('escalate');
    expect(action.reason).toMatch(/does not say what to change/);
  });

  it('passes setup problems and escalations through whatever the count', () => {
    const action = valid(
      planRecovery(known('codex-missing-env-key', { variable: 'MY_KEY' }), CODEX_RUN, 9, 3),
    );
    expect(action).toMatchObject({ kind: 'setup_required', attempt: 9 });
    expect(action.hint).toMatch(/^Set MY_KEY in agents\.codex\.env/);
    expect(planRecovery(known('codex-stdin-open'), CODEX_RUN, 0, 3).kind).toBe('escalate');
  });

  it('escalates an id the catalogue does not have', () => {
    const action = valid(planRecovery(known('no-such-entry'), CODEX_RUN, 0, 3));
    expect(action).toMatchObject({ kind: 'escalate', errorId: 'no-such-entry' });
  });
});

describe('relaunch', () => {
  const outside = {
    path: '/srv/shared/notes.txt',
    directory: '/srv/shared',
  };

  it('includes the refused path’s directory when it exists', () => {
    const action = valid(
      planRecovery(known('gemini-path-outside-workspace', outside), GEMINI_RUN, 0, 3, {
        dirExists: (dir) => dir === '/srv/shared',
      }),
    );
    expect(action.kind).toBe('relaunch');
    expect(action.addArgs).toEqual(['--include-directories', '/srv/shared']);
    expect(action.after).toEqual([
      '-o',
      'stream-json',
      '--skip-trust',
      '--include-directories',
      '/srv/shared',
      '-p',
      'task',
    ]);
    expect(action.before).toEqual(GEMINI_RUN.args);
  });

  it('escalates instead when the directory does not exist (gemini would die at start)', () => {
    const action = planRecovery(known('gemini-path-outside-workspace', outside), GEMINI_RUN, 0, 3, {
      dirExists: () => false,
    });
    expect(action.kind).toBe('escalate');
    expect(action.reason).toMatch(/\/srv\/shared does not exist/);
    const noPath = planRecovery(known('gemini-path-outside-workspace'), GEMINI_RUN, 0, 3, {
      dirExists: () => true,
    });
    expect(noPath.kind).toBe('escalate');
  });

  it('checks the real file system by default', () => {
    const missing = {
      path: '/nonexistent-dir-for-recovery-test/x',
      directory: '/nonexistent-dir-for-recovery-test',
    };
    expect(planRecovery(known('gemini-path-outside-workspace', missing), GEMINI_RUN, 0, 3).kind).toBe(
      'escalate',
    );
    const tmp = { path: '/tmp/x.txt', directory: '/tmp' };
    expect(planRecovery(known('gemini-path-outside-workspace', tmp), GEMINI_RUN, 0, 3).kind).toBe('relaunch');
  });

  it('replaces any approval flag with auto_edit for gemini’s missing write tools', () => {
    const yolo = obs('gemini-stream-json', ['-o', 'stream-json', '--approval-mode=default', '-p', 'task']);
    const action = planRecovery(known('gemini-write-tools-missing'), yolo, 0, 3);
    expect(action.after).toEqual(['-o', 'stream-json', '--approval-mode', 'auto_edit', '-p', 'task']);
  });

  it('keeps a resumed run resumed when fixing a startup flag', () => {
    const resumed = obs('claude-stream-json', ['-p', '--resume', 'S1', '--', 'task']);
    const action = valid(planRecovery(known('claude-needs-verbose'), resumed, 1, 3));
    expect(action).toMatchObject({ kind: 'relaunch', resume: true, attempt: 2 });
    expect(action.after).toEqual(['-p', '--resume', 'S1', '--verbose', '--', 'task']);
  });

  it('resumes a crashed run’s own session, and starts fresh when it announced none', () => {
    const crashed = valid(planRecovery(known('no-result'), CODEX_RUN, 0, 3));
    expect(crashed).toMatchObject({ kind: 'relaunch', resume: true, addArgs: ['resume', 'thread-1'] });
    expect(crashed.removeArgs).toEqual(['-C', '--cd']);
    const gemini = obs('gemini-stream-json', ['-p', 'task'], [draft('session_ref', { ref: 'g-1' })]);
    expect(planRecovery(known('no-result'), gemini, 0, 3).after).toEqual(['--resume', 'g-1', '-p', 'task']);
    const early = planRecovery(known('no-result'), obs('claude-stream-json', ['-p', '--', 'task']), 0, 3);
    expect(early).toMatchObject({ kind: 'relaunch', resume: false, after: ['-p', '--', 'task'] });
  });

  it('drops the resume for a fresh start, giving codex back its -C', () => {
    const resumed = obs('codex-exec-json', ['exec', '--json', 'resume', 'T', 'task']);
    const action = valid(planRecovery(known('codex-resume-not-found'), resumed, 0, 3));
    expect(action).toMatchObject({ kind: 'relaunch', resume: false });
    expect(action.after).toEqual(['exec', '--json', '-C', '/srv/project/wt', 'task']);
  });
});

describe('applyToArgs', () => {
  it('removes before it adds, so a replaced flag appears once', () => {
    const args = ['-p', '--permission-mode', 'bypassPermissions', '--', 'task'];
    const change = { removeArgs: ['--permission-mode'], addArgs: ['--permission-mode', 'acceptEdits'] };
    expect(applyToArgs(args, change, 'claude-stream-json')).toEqual([
      '-p',
      '--permission-mode',
      'acceptEdits',
      '--',
      'task',
    ]);
  });
});
