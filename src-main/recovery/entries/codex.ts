import type { CatalogueEntry } from '../types';
import {
  noResult,
  notReadOnly,
  notStarted,
  RATE_LIMIT_BACKOFF,
  SERVER_BACKOFF,
  STREAM_BACKOFF,
  unreachableBackoff,
} from './shared';

const CODEX = ['codex-exec-json'] as const;

const AUTH_HINT =
  'codex exec reads CODEX_API_KEY for the built-in provider (OPENAI_API_KEY is ignored): set it in ' +
  'agents.codex.env, or run `codex login`. A custom provider reads the variable its env_key names.';

const NETWORK_HINT =
  'codex cannot reach its model endpoint: check the network, and openai_base_url or the provider base_url ' +
  '(openai/codex#25308: a stale base URL on a dead port loops forever).';

const fatalCode = (code: string) => ({ type: 'error', where: { fatal: true, code } }) as const;

/**
 * codex's failures (cli notes codex §3, §5). Startup refusals are stderr only with empty stdout (exit 1, clap
 * errors exit 2); a failed turn's final message is the authority, and the parser has already turned it into a
 * code (src-main/agents/codex/errors.ts). "Reconnecting..." lines are codex retrying, not failures.
 */
export const CODEX_ENTRIES: readonly CatalogueEntry[] = [
  {
    // codex/01-no-git-repo. The adapter leaves the flag out on purpose: worktrees are git repos.
    id: 'codex-untrusted-directory',
    formats: CODEX,
    match: { stderr: /Not inside a trusted directory and --skip-git-repo-check was not specified/ },
    errorClass: 'untrusted_directory',
    summary: 'codex refuses to run outside a git repository; relaunching with --skip-git-repo-check',
    action: { kind: 'relaunch', addArgs: ['--skip-git-repo-check'] },
    seenIn: ['codex/01-no-git-repo'],
  },
  {
    // codex/04b-full-auto: removed around 0.146 (openai/codex PR #20133); its successor is an explicit
    // sandbox (cli notes codex §5), which the adapter always passes already, so only a missing one is added.
    id: 'codex-full-auto-removed',
    formats: CODEX,
    match: { stderr: /^error: unexpected argument '--full-auto' found/ },
    errorClass: 'unknown_flag',
    summary: 'codex no longer has --full-auto; relaunching with --sandbox workspace-write instead',
    action: {
      kind: 'relaunch',
      removeArgs: ['--full-auto'],
      addArgs: ({ args }) =>
        args.some((a) => /^(?:-s|--sandbox(?:=.*)?|--dangerously-bypass-approvals-and-sandbox)$/.test(a))
          ? []
          : ['--sandbox', 'workspace-write'],
    },
    seenIn: ['codex/04b-full-auto'],
  },
  {
    // codex/04-unknown-flag: clap, exit 2. Only a flag (a leading "-") is dropped: a stray positional could
    // be the prompt itself.
    id: 'codex-unknown-argument',
    formats: CODEX,
    match: { stderr: /^error: unexpected argument '(?<flag>-[^']*)' found/ },
    errorClass: 'unknown_flag',
    summary: 'codex does not know a flag of the command line; relaunching without it',
    action: { kind: 'relaunch', removeArgs: ({ facts }) => (facts.flag ? [facts.flag] : null) },
    seenIn: ['codex/04-unknown-flag'],
  },
  {
    // cli notes codex §3 row 3c: `--sandbox full` → "error: invalid value 'full' for '--sandbox <SANDBOX_MODE>'".
    id: 'codex-invalid-value',
    formats: CODEX,
    match: { stderr: /^error: invalid value '(?<value>[^']*)' for '(?<flag>-[^' ]+)/ },
    errorClass: 'bad_arguments',
    summary: 'codex rejected the value of a flag',
    action: {
      kind: 'escalate',
      hint: (facts) =>
        `Fix ${facts.flag ?? 'the flag'} in agents.codex.args: "${facts.value ?? ''}" is invalid.`,
    },
  },
  {
    // cli notes codex §3 row 9: `exec resume <unknown id>`.
    id: 'codex-resume-not-found',
    formats: CODEX,
    match: { stderr: /no rollout found for thread id (?<sessionId>[\w-]+)/ },
    errorClass: 'resume_not_found',
    summary: 'codex has no thread with the stored session id; starting a fresh one',
    action: { kind: 'relaunch', removeArgs: ['resume'], resume: false },
  },
  {
    // codex/03-cd-nonexistent: `-C` names a missing directory and the error does not say which.
    id: 'codex-missing-directory',
    formats: CODEX,
    match: { stderr: /^Error: No such file or directory \(os error 2\)$/, when: notStarted },
    errorClass: 'missing_directory',
    summary: 'codex could not enter its working directory (-C)',
    action: { kind: 'escalate', hint: 'The worker’s directory (codex -C) does not exist any more.' },
    seenIn: ['codex/03-cd-nonexistent'],
  },
  {
    // codex/05-unknown-provider; cli notes codex §3 rows 7 (wire_api "chat") and 8 (CODEX_HOME missing).
    id: 'codex-bad-config',
    formats: CODEX,
    match: [
      { stderr: /^Error: Model provider `(?<provider>[^`]+)` not found/ },
      { stderr: /^Error loading config\.toml/ },
      { stderr: /^Error finding codex home/ },
    ],
    errorClass: 'bad_config',
    summary: 'codex’s configuration is invalid',
    action: {
      kind: 'setup_required',
      hint: 'Fix the codex configuration ($CODEX_HOME/config.toml or the -c overrides in agents.codex.args).',
    },
    seenIn: ['codex/05-unknown-provider'],
  },
  {
    // codex/x-missing-envkey: a custom provider's env_key variable is unset.
    id: 'codex-missing-env-key',
    formats: CODEX,
    match: {
      event: {
        type: 'error',
        where: { fatal: true, message: /Missing environment variable: `(?<variable>[^`]+)`/ },
      },
    },
    errorClass: 'not_authenticated',
    summary: 'codex’s API key variable is not set',
    action: {
      kind: 'setup_required',
      hint: (facts) =>
        `Set ${facts.variable ?? 'the API key variable'} in agents.codex.env: the model provider's env_key names it.`,
    },
    seenIn: ['codex/x-missing-envkey'],
  },
  {
    // codex/x-http401: "unexpected status 401 Unauthorized: Incorrect API key provided …".
    id: 'codex-unauthorized',
    formats: CODEX,
    match: [
      { event: fatalCode('unauthorized') },
      { event: { type: 'error', where: { fatal: true, httpStatus: [401, 403] } } },
    ],
    errorClass: 'not_authenticated',
    summary: 'codex’s API key is missing or was rejected',
    action: { kind: 'setup_required', hint: AUTH_HINT },
    seenIn: ['codex/x-http401'],
  },
  {
    // codex/x-quota: insufficient_quota means the account has no credit left. Unlike a per-minute rate limit
    // it does not come back by waiting, so backing off would only burn the recovery budget: a person must
    // add billing or use another key, which is a setup problem, not an escalation of the task.
    id: 'codex-quota-exceeded',
    formats: CODEX,
    match: { event: fatalCode('quota_exceeded') },
    errorClass: 'quota_exceeded',
    summary: 'the OpenAI account behind codex has no quota left',
    action: {
      kind: 'setup_required',
      hint: 'Add credit or raise the plan of the OpenAI account, or give codex another key (agents.codex.env).',
    },
    seenIn: ['codex/x-quota'],
  },
  {
    // codex/x-ctx: "Start a new thread …" is codex's own advice; the worktree keeps the work done so far.
    id: 'codex-context-exhausted',
    formats: CODEX,
    match: { event: fatalCode('context_window_exceeded') },
    errorClass: 'context_exhausted',
    summary: 'codex ran out of context window; starting a fresh thread on the same worktree',
    action: { kind: 'relaunch', resume: false },
    seenIn: ['codex/x-ctx'],
  },
  {
    // cli notes codex §3: HTTP 400 model_not_found, no retries.
    id: 'codex-model-not-found',
    formats: CODEX,
    match: { event: fatalCode('model_not_found') },
    errorClass: 'model_not_found',
    summary: 'codex’s model does not exist or is not available to this key',
    action: { kind: 'setup_required', hint: 'Pick an available model in agents.codex.model.' },
  },
  {
    // codex/x-http429: "exceeded retry limit, last status: 429 Too Many Requests".
    id: 'codex-rate-limited',
    formats: CODEX,
    match: [
      { event: fatalCode('rate_limited') },
      { event: { type: 'error', where: { fatal: true, httpStatus: 429 } } },
    ],
    errorClass: 'rate_limited',
    summary: 'the OpenAI API rate-limited codex (429)',
    action: RATE_LIMIT_BACKOFF,
    seenIn: ['codex/x-http429'],
  },
  {
    // codex/x-http500: "We’re currently experiencing high demand …" after 30 requests.
    id: 'codex-server-error',
    formats: CODEX,
    match: { event: fatalCode('server_error') },
    errorClass: 'server_error',
    summary: 'the OpenAI API failed on its side',
    action: SERVER_BACKOFF,
    seenIn: ['codex/x-http500'],
  },
  {
    // codex/x-truncate: "stream disconnected before completion: stream closed before response.completed".
    id: 'codex-stream-disconnected',
    formats: CODEX,
    match: { event: fatalCode('stream_disconnected') },
    errorClass: 'stream_interrupted',
    summary: 'codex’s answer stream was cut off',
    action: STREAM_BACKOFF,
    seenIn: ['codex/x-truncate'],
  },
  {
    // codex/c-closed-custom-noretry: codex retries "waiting for network" forever (openai/codex#25308, cli
    // notes codex §3 rows 4a, 5a, 5b), so only the supervisor can end it: 3 lines are ~25 s of waiting.
    id: 'codex-waiting-for-network',
    formats: CODEX,
    match: { event: { type: 'error', where: { code: 'waiting_for_network' } } },
    live: true,
    liveThreshold: 3,
    errorClass: 'unreachable',
    summary: 'codex cannot reach its model endpoint and waits for the network forever',
    action: unreachableBackoff(NETWORK_HINT),
    seenIn: ['codex/c-closed-custom-noretry'],
  },
  {
    // codex/02-no-api-key: with no network the built-in provider's retries say "failed to lookup address
    // information"; a closed port says "Connection refused" (cli notes codex §3 rows 4a, 5b).
    id: 'codex-connection-failed',
    formats: CODEX,
    match: {
      event: {
        type: 'error',
        where: {
          retrying: true,
          message: /failed to lookup address|Connection refused|error sending request|dns error/i,
        },
      },
      when: noResult,
    },
    errorClass: 'unreachable',
    summary: 'codex cannot reach its model endpoint',
    action: unreachableBackoff(NETWORK_HINT),
    seenIn: ['codex/02-no-api-key'],
  },
  {
    // codex/i-stdin-open: an open stdin pipe hangs codex before thread.started; only its notice is left.
    // Relaunching the same way would hang again.
    id: 'codex-stdin-open',
    formats: CODEX,
    match: {
      stderr: /^Reading additional input from stdin\.\.\.$/,
      when: (run) => notStarted(run) && run.killed,
    },
    errorClass: 'stdin_blocked',
    summary: 'codex waited for stdin and never started',
    action: { kind: 'escalate', hint: 'Spawn codex with stdin ignored (or closed).' },
    seenIn: ['codex/i-stdin-open'],
  },
  {
    // cli notes codex §3: in a read-only sandbox the turn still completes (exit 0); only the failed command's
    // output says "Read-only file system". A work run gets workspace-write, so this is a write outside it.
    id: 'codex-read-only-fs',
    formats: CODEX,
    match: {
      event: { type: 'tool_result', where: { ok: false, output: /Read-only file system/ } },
      when: notReadOnly,
    },
    alsoOnSuccess: true,
    errorClass: 'permission_denied',
    summary: 'codex’s sandbox refused a write',
    action: {
      kind: 'escalate',
      hint: 'The write was outside the sandbox: add the directory with --add-dir in agents.codex.args if it is wanted.',
    },
  },
  {
    // Any other clap usage error (exit 2): "error: …", then the usage text.
    id: 'codex-usage-error',
    formats: CODEX,
    match: { stderr: /^error: /, exitCodes: [2] },
    errorClass: 'bad_arguments',
    summary: 'codex rejected its command line',
    action: { kind: 'escalate', hint: 'Fix agents.codex.args.' },
  },
];
