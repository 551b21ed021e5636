import type { CatalogueEntry } from '../types';
import { notReadOnly, RATE_LIMIT_BACKOFF, SERVER_BACKOFF, unreachableBackoff } from './shared';

const CLAUDE = ['claude-stream-json'] as const;

const LOGIN_HINT =
  'Log claude in: run `claude` once and use /login (or `claude setup-token`), or set ANTHROPIC_API_KEY in ' +
  'agents.claude.env.';

/**
 * Claude's failures, most specific first (cli notes claude §4, §6). API failures are keyed on the structured
 * codes the parser copies from `assistant.error` / `result` (authentication_failed, rate_limit, server_error,
 * connection_failed), not on their wording, which changes between versions.
 */
export const CLAUDE_ENTRIES: readonly CatalogueEntry[] = [
  {
    // claude/root_skip_perms (stderr only) and claude/root_skip_perms_sfr (with
    // CLAUDE_CODE_STARTUP_FAILURE_RESULTS=1 also a result with startup_failure_reason "bypass_root").
    // acceptEdits rather than IS_SANDBOX=1: the variable tells claude it runs in a sandbox when it does not,
    // and keeps every Bash command unasked as root on the user's machine; acceptEdits works as root with no
    // workaround and allows exactly the file edits a worker needs (cli notes claude TL;DR).
    id: 'claude-root-bypass',
    formats: CLAUDE,
    match: [
      { stderr: /--dangerously-skip-permissions cannot be used with root\/sudo privileges/ },
      { event: { type: 'error', where: { fatal: true, code: 'bypass_root' } } },
    ],
    errorClass: 'root_permission_bypass',
    summary: 'claude refuses to bypass permissions as root; relaunching with --permission-mode acceptEdits',
    action: {
      kind: 'relaunch',
      removeArgs: ['--dangerously-skip-permissions', '--permission-mode'],
      addArgs: ['--permission-mode', 'acceptEdits'],
      hint: 'To keep the full bypass as root, set IS_SANDBOX=1 in agents.claude.env.',
    },
    seenIn: ['claude/root_skip_perms', 'claude/root_skip_perms_sfr'],
  },
  {
    // claude/sj_no_verbose: "-p --output-format stream-json" exits 1 without --verbose.
    id: 'claude-needs-verbose',
    formats: CLAUDE,
    match: { stderr: /--output-format=stream-json requires --verbose/ },
    errorClass: 'needs_verbose',
    summary: 'claude prints stream-json only with --verbose',
    action: { kind: 'relaunch', addArgs: ['--verbose'] },
    seenIn: ['claude/sj_no_verbose'],
  },
  {
    // claude/unknown_flag: "error: unknown option '--bogus-flag'", exit 1.
    id: 'claude-unknown-option',
    formats: CLAUDE,
    match: { stderr: /^error: unknown option '(?<flag>-[^']*)'/ },
    errorClass: 'unknown_flag',
    summary: 'claude does not know a flag of the command line; relaunching without it',
    action: { kind: 'relaunch', removeArgs: ({ facts }) => (facts.flag ? [facts.flag] : null) },
    seenIn: ['claude/unknown_flag'],
  },
  {
    // cli notes claude §4: `--permission-mode yolo`, `--output-format xml`. No safe value to pick for the user.
    id: 'claude-invalid-option-value',
    formats: CLAUDE,
    match: { stderr: /^error: option '(?<flag>-[^' ]+)[^']*' argument '(?<value>[^']*)' is invalid/ },
    errorClass: 'bad_arguments',
    summary: 'claude rejected the value of a flag',
    action: {
      kind: 'escalate',
      hint: (facts) =>
        `Fix ${facts.flag ?? 'the flag'} in agents.claude.args: "${facts.value ?? ''}" is invalid.`,
    },
  },
  {
    // claude/resume_missing: `--resume <unknown id>` → "No conversation found with session ID: …" on stderr
    // and as the result's errors[].
    id: 'claude-resume-not-found',
    formats: CLAUDE,
    match: [
      { stderr: /No conversation found with session ID: (?<sessionId>\S+)/ },
      {
        event: {
          type: 'error',
          where: { fatal: true, message: /No conversation found with session ID: (?<sessionId>\S+)/ },
        },
      },
    ],
    errorClass: 'resume_not_found',
    summary: 'claude has no conversation with the stored session id; starting a fresh one',
    action: { kind: 'relaunch', removeArgs: ['--resume', '-r', '--continue', '-c'], resume: false },
    seenIn: ['claude/resume_missing'],
  },
  {
    // claude/nokey_json ("Not logged in · Please run /login"), claude/mock_err401 ("Invalid API key"); a 403
    // reports the same code. Retrying does not log anyone in (cli notes claude §6: don't retry). The stdout
    // pattern is text mode's only trace (`nokey_text`).
    id: 'claude-not-authenticated',
    formats: CLAUDE,
    match: [
      { event: { type: 'error', where: { fatal: true, code: 'authentication_failed' } } },
      { event: { type: 'error', where: { fatal: true, httpStatus: [401, 403] } } },
      { stdout: /^(?:Not logged in|Invalid API key)\b/ },
    ],
    errorClass: 'not_authenticated',
    summary: 'claude is not logged in or its API key was rejected',
    action: { kind: 'setup_required', hint: LOGIN_HINT },
    seenIn: ['claude/nokey_json', 'claude/mock_err401'],
  },
  {
    // claude/mock_err429: code rate_limit, api_error_status 429, after claude's own retries.
    id: 'claude-rate-limited',
    formats: CLAUDE,
    match: [
      { event: { type: 'error', where: { fatal: true, code: 'rate_limit' } } },
      { event: { type: 'error', where: { fatal: true, httpStatus: 429 } } },
    ],
    errorClass: 'rate_limited',
    summary: 'the Anthropic API rate-limited claude (429)',
    action: RATE_LIMIT_BACKOFF,
    seenIn: ['claude/mock_err429'],
  },
  {
    // claude/mock_err529: the final error says server_error; only the status (529) tells overload apart.
    id: 'claude-overloaded',
    formats: CLAUDE,
    match: [
      { event: { type: 'error', where: { fatal: true, httpStatus: 529 } } },
      { event: { type: 'error', where: { fatal: true, code: 'overloaded' } } },
    ],
    errorClass: 'overloaded',
    summary: 'the Anthropic API is overloaded (529)',
    action: SERVER_BACKOFF,
    seenIn: ['claude/mock_err529'],
  },
  {
    // claude/closedport_json_r0: "Connection refused … (ECONNREFUSED)", api_error connection_failed; 2.1.110
    // said "Unable to connect to API".
    id: 'claude-connection-failed',
    formats: CLAUDE,
    match: [
      { event: { type: 'error', where: { fatal: true, code: 'connection_failed' } } },
      { event: { type: 'error', where: { fatal: true, message: /ECONNREFUSED|Unable to connect to API/ } } },
    ],
    errorClass: 'unreachable',
    summary: 'claude cannot reach the API endpoint',
    action: unreachableBackoff('Check the network and ANTHROPIC_BASE_URL (agents.claude.env).'),
    seenIn: ['claude/closedport_json_r0'],
  },
  {
    // claude/mock_err500 (500 api_error) and claude/mock_hang ("Request timed out", no status): both carry
    // server_error and pass with time.
    id: 'claude-server-error',
    formats: CLAUDE,
    match: { event: { type: 'error', where: { fatal: true, code: 'server_error' } } },
    errorClass: 'server_error',
    summary: 'the Anthropic API failed on its side or timed out',
    action: SERVER_BACKOFF,
    seenIn: ['claude/mock_err500', 'claude/mock_hang'],
  },
  {
    // claude/maxturns1 (error_max_turns) and claude/budget (error_max_budget_usd): limits someone set on
    // purpose; going past them, and spending more, is a person's call.
    id: 'claude-limit-reached',
    formats: CLAUDE,
    match: { event: { type: 'result', where: { subtype: ['error_max_turns', 'error_max_budget_usd'] } } },
    errorClass: 'limit_reached',
    summary: 'claude stopped at its turn or budget limit',
    action: {
      kind: 'escalate',
      hint: 'Raise --max-turns / --max-budget-usd in agents.claude.args, or continue the session by hand.',
    },
    seenIn: ['claude/maxturns1', 'claude/budget'],
  },
  {
    // claude/default_perm_denied: -p auto-denies what would prompt, yet the run ends with exit 0 and an ok
    // result, only system/permission_denied and result.permission_denials tell (cli notes claude §4).
    id: 'claude-permission-denied',
    formats: CLAUDE,
    match: {
      event: { type: 'error', where: { code: 'permission_denied' } },
      when: notReadOnly,
    },
    alsoOnSuccess: true,
    errorClass: 'permission_denied',
    summary: 'claude was refused a tool it needed',
    action: {
      kind: 'escalate',
      hint: 'Allow the tool in agents.claude.args (e.g. --allowedTools "Bash(npm test)") or approve it by hand.',
    },
    seenIn: ['claude/default_perm_denied'],
  },
];
