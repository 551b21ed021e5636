import type { CatalogueEntry } from '../types';
import { outsideWorkspaceFacts, unknownArgumentFacts } from './gemini-facts';
import {
  notReadOnly,
  RATE_LIMIT_BACKOFF,
  SERVER_BACKOFF,
  STREAM_BACKOFF,
  unreachableBackoff,
} from './shared';

const GEMINI = ['gemini-stream-json'] as const;

const AUTH_HINT =
  'Set GEMINI_API_KEY in agents.gemini.env (or ~/.gemini/.env), or choose an auth method in ' +
  '~/.gemini/settings.json (security.auth.selectedType).';

const NETWORK_HINT = 'gemini cannot reach its model endpoint: check the network and GOOGLE_GEMINI_BASE_URL.';

const fatalStatus = (status: number | readonly number[]) =>
  ({ type: 'error', where: { fatal: true, httpStatus: status } }) as const;

/**
 * gemini's failures (cli notes gemini §3, §5). Early failures print nothing on stdout, only stderr, and exit
 * with a code of their own (41 auth, 42 input, 44 sandbox, 53 turn limit, 55 trust); API failures exit with
 * the HTTP status mod 256. Tool refusals end with exit 0 and result "success" (quirk 2).
 */
export const GEMINI_ENTRIES: readonly CatalogueEntry[] = [
  {
    // gemini/untrusted: exit 55, the message in red unless NO_COLOR is set.
    id: 'gemini-untrusted-folder',
    formats: GEMINI,
    match: [{ stderr: /is not running in a trusted directory/ }, { exitCodes: [55] }],
    errorClass: 'untrusted_directory',
    summary: 'gemini refuses to run headless in an untrusted folder; relaunching with --skip-trust',
    action: { kind: 'relaunch', addArgs: ['--skip-trust'] },
    seenIn: ['gemini/untrusted'],
  },
  {
    // gemini/noauth-stream: exit 41, no auth method configured at all.
    id: 'gemini-no-auth-method',
    formats: GEMINI,
    match: { stderr: /Please set an Auth method/ },
    errorClass: 'not_authenticated',
    summary: 'gemini has no authentication configured',
    action: { kind: 'setup_required', hint: AUTH_HINT },
    seenIn: ['gemini/noauth-stream'],
  },
  {
    // cli notes gemini §3 `nokey-selected`: selectedType gemini-api-key but no key.
    id: 'gemini-missing-api-key',
    formats: GEMINI,
    match: { stderr: /When using Gemini API, you must specify the GEMINI_API_KEY/ },
    errorClass: 'not_authenticated',
    summary: 'gemini is set to use an API key but GEMINI_API_KEY is not set',
    action: { kind: 'setup_required', hint: 'Set GEMINI_API_KEY in agents.gemini.env (or ~/.gemini/.env).' },
  },
  {
    // cli notes gemini §3 `closedport-nosettings` and quirk 8: a base URL without selectedType.
    id: 'gemini-invalid-auth-method',
    formats: GEMINI,
    match: { stderr: /Invalid auth method selected/ },
    errorClass: 'not_authenticated',
    summary: 'gemini’s auth method does not fit its settings',
    action: {
      kind: 'setup_required',
      hint:
        'With GOOGLE_GEMINI_BASE_URL set, ~/.gemini/settings.json needs ' +
        '{"security":{"auth":{"selectedType":"gemini-api-key"}}}.',
    },
  },
  {
    // gemini/err-http-401: exit 145 (401 mod 256); a 403 exits 147.
    id: 'gemini-api-unauthorized',
    formats: GEMINI,
    match: [{ event: fatalStatus([401, 403]) }, { exitCodes: [145, 147] }],
    errorClass: 'not_authenticated',
    summary: 'the Gemini API rejected gemini’s key',
    action: { kind: 'setup_required', hint: AUTH_HINT },
    seenIn: ['gemini/err-http-401'],
  },
  {
    // FatalAuthenticationError's own code, for auth wordings not listed above.
    id: 'gemini-auth-exit',
    formats: GEMINI,
    match: { exitCodes: [41] },
    errorClass: 'not_authenticated',
    summary: 'gemini could not authenticate',
    action: { kind: 'setup_required', hint: AUTH_HINT },
  },
  {
    // cli notes gemini §3: `--resume 5` or `--resume <uuid>` with no sessions exits 42.
    id: 'gemini-resume-not-found',
    formats: GEMINI,
    match: { stderr: /Error resuming session|No previous sessions found/ },
    errorClass: 'resume_not_found',
    summary: 'gemini has no session to resume; starting a fresh one',
    action: { kind: 'relaunch', removeArgs: ['--resume', '-r'], resume: false },
  },
  {
    // gemini/unknown-flag: yargs names the option without dashes ("Unknown argument: frobnicate"), and lists
    // several as "Unknown arguments: a, b". `--checkpointing` was removed the same way (cli notes §1).
    id: 'gemini-unknown-argument',
    formats: GEMINI,
    match: { stderr: /^Unknown arguments?: (?<names>.+)$/ },
    extract: unknownArgumentFacts,
    errorClass: 'unknown_flag',
    summary: 'gemini does not know a flag of the command line; relaunching without it',
    action: { kind: 'relaunch', removeArgs: ({ facts }) => (facts.flags ? facts.flags.split(' ') : null) },
    seenIn: ['gemini/unknown-flag'],
  },
  {
    // cli notes gemini §1: gemini's own advice is --approval-mode=yolo, so the approval mode stays.
    id: 'gemini-yolo-conflict',
    formats: GEMINI,
    match: { stderr: /Cannot use both --yolo \(-y\) and --approval-mode together/ },
    errorClass: 'bad_arguments',
    summary: 'gemini refuses --yolo next to --approval-mode; relaunching without --yolo',
    action: { kind: 'relaunch', removeArgs: ['--yolo', '-y'] },
  },
  {
    // cli notes gemini §3: bad --approval-mode / -o values, `-p` with no value.
    id: 'gemini-invalid-values',
    formats: GEMINI,
    match: { stderr: /^Invalid values:|^Not enough arguments following: / },
    errorClass: 'bad_arguments',
    summary: 'gemini rejected its command line',
    action: { kind: 'escalate', hint: 'Fix agents.gemini.args.' },
  },
  {
    // gemini/incdir-missing: `--include-directories` names a missing directory; gemini dies before init.
    id: 'gemini-include-dir-missing',
    formats: GEMINI,
    match: {
      stderr:
        /critical error occurred:\s*Error: (?:Directory does not exist|Path is not a directory): (?<directory>.+)$/,
    },
    errorClass: 'missing_directory',
    summary: 'a directory given to gemini with --include-directories does not exist',
    action: {
      kind: 'escalate',
      hint: (facts) => `Create ${facts.directory ?? 'the directory'} or drop it from --include-directories.`,
    },
    seenIn: ['gemini/incdir-missing'],
  },
  {
    // cli notes gemini §3 `sandbox`: --sandbox with no docker daemon (FatalSandboxError, exit 44).
    id: 'gemini-sandbox-unavailable',
    formats: GEMINI,
    match: [{ stderr: /FatalSandboxError/ }, { exitCodes: [44] }],
    errorClass: 'sandbox_unavailable',
    summary: 'gemini’s --sandbox needs a container runtime that is not available',
    action: {
      kind: 'setup_required',
      hint: 'Start docker or podman, or drop --sandbox from agents.gemini.args.',
    },
  },
  {
    // cli notes gemini §3: HTTP 404 "models/mock is not found for API version v1beta", exit 1.
    id: 'gemini-model-not-found',
    formats: GEMINI,
    match: [
      { stderr: /ModelNotFoundError/ },
      { event: { type: 'error', where: { fatal: true, message: /is not found for API version/ } } },
    ],
    errorClass: 'model_not_found',
    summary: 'gemini’s model does not exist',
    action: { kind: 'setup_required', hint: 'Pick an available model in agents.gemini.model.' },
  },
  {
    // cli notes gemini §3 `maxturns`: model.maxSessionTurns reached, exit 53.
    id: 'gemini-turn-limit',
    formats: GEMINI,
    match: [
      { event: { type: 'error', where: { fatal: true, code: 'FatalTurnLimitedError' } } },
      { exitCodes: [53] },
    ],
    errorClass: 'limit_reached',
    summary: 'gemini stopped at its session turn limit',
    action: { kind: 'escalate', hint: 'Raise model.maxSessionTurns in gemini’s settings.json.' },
  },
  {
    // gemini/err-http-429: "Resource has been exhausted (e.g. check quota)", exit 173, after ~4 minutes.
    id: 'gemini-rate-limited',
    formats: GEMINI,
    match: [{ event: fatalStatus(429) }, { exitCodes: [173] }],
    errorClass: 'rate_limited',
    summary: 'the Gemini API rate-limited gemini (429)',
    action: RATE_LIMIT_BACKOFF,
    seenIn: ['gemini/err-http-429'],
  },
  {
    // cli notes gemini §3 `err-http-500`: exit 244 (500 mod 256); 503 would exit 247.
    id: 'gemini-server-error',
    formats: GEMINI,
    match: [
      {
        event: {
          type: 'error',
          where: (p) => p.fatal === true && typeof p.httpStatus === 'number' && p.httpStatus >= 500,
        },
      },
      { exitCodes: [244, 246, 247] },
    ],
    errorClass: 'server_error',
    summary: 'the Gemini API failed on its side',
    action: SERVER_BACKOFF,
  },
  {
    // gemini/closedport-fast: "[API Error: exception TypeError: fetch failed sending request]"; a dead
    // endpoint, DNS failure and a refused port all read the same (quirk 10).
    id: 'gemini-fetch-failed',
    formats: GEMINI,
    match: {
      event: {
        type: 'error',
        where: { fatal: true, message: /fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN/ },
      },
    },
    errorClass: 'unreachable',
    summary: 'gemini cannot reach its model endpoint',
    action: unreachableBackoff(NETWORK_HINT),
    seenIn: ['gemini/closedport-fast'],
  },
  {
    // gemini/empty-stream: the model stream ended without a finish reason, exit 0 with result status error.
    id: 'gemini-empty-stream',
    formats: GEMINI,
    match: {
      event: { type: 'error', where: { fatal: true, message: /Model stream ended without a finish reason/ } },
    },
    errorClass: 'empty_response',
    summary: 'gemini’s model answered with an empty stream',
    action: STREAM_BACKOFF,
    seenIn: ['gemini/empty-stream'],
  },
  {
    // gemini/err-http-429 shows the pattern: gemini retries 10 times over ~4 minutes, each attempt on
    // stderr. Three are enough to know; our own backoff then waits without holding a process.
    id: 'gemini-retrying-429',
    formats: GEMINI,
    match: { stderr: /^Attempt \d+ failed with status 429\b/ },
    live: true,
    liveThreshold: 3,
    errorClass: 'rate_limited',
    summary: 'the Gemini API keeps rate-limiting gemini (429)',
    action: RATE_LIMIT_BACKOFF,
  },
  {
    // cli notes gemini §3 `err-http-500`: "Attempt N failed with status 500. Retrying with backoff…" ×9.
    id: 'gemini-retrying-5xx',
    formats: GEMINI,
    match: { stderr: /^Attempt \d+ failed with status 5\d\d\b/ },
    live: true,
    liveThreshold: 3,
    errorClass: 'server_error',
    summary: 'the Gemini API keeps failing on its side',
    action: SERVER_BACKOFF,
  },
  {
    // cli notes gemini §3 `closedport`: a dead endpoint took 311 s of "Attempt N failed. Retrying with
    // backoff... Error: exception TypeError: fetch failed sending request"; two in a row already say enough.
    id: 'gemini-retrying-fetch',
    formats: GEMINI,
    match: { stderr: /^Attempt \d+ failed\. Retrying with backoff\.\.\. .*fetch failed/ },
    live: true,
    liveThreshold: 2,
    errorClass: 'unreachable',
    summary: 'gemini cannot reach its model endpoint and keeps retrying',
    action: unreachableBackoff(NETWORK_HINT),
  },
  {
    // gemini/noyolo: headless `default` approval mode removes the write tools (quirk 7), the model gets
    // tool_not_registered, and the run still ends "success". Shell tools are left alone: the adapter's
    // auto_edit offers none on purpose.
    id: 'gemini-write-tools-missing',
    formats: GEMINI,
    match: {
      event: {
        type: 'error',
        where: { code: 'tool_not_registered', message: /Tool "(?<tool>write_file|replace|edit)" not found/ },
      },
      when: notReadOnly,
    },
    alsoOnSuccess: true,
    errorClass: 'write_tools_missing',
    summary: 'gemini ran without its write tools; relaunching with --approval-mode auto_edit',
    action: {
      kind: 'relaunch',
      removeArgs: ['--approval-mode', '--yolo', '-y'],
      addArgs: ['--approval-mode', 'auto_edit'],
    },
    seenIn: ['gemini/noyolo'],
  },
  {
    // gemini/outside-ws: 0.61's wording; the older ones and the shell variant are from cli notes gemini §3.
    // Relaunching with --include-directories <dirname> is verified (`outside-ws-fixed`), but only for a
    // directory that exists: a missing one makes gemini die at start (gemini/incdir-missing).
    id: 'gemini-path-outside-workspace',
    formats: GEMINI,
    match: [
      {
        event: {
          type: 'error',
          where: { message: /Path not in workspace: Attempted path "(?<path>[^"]+)" resolves outside/ },
        },
      },
      {
        event: {
          type: 'error',
          where: { message: /Path "(?<path>[^"]+)" in argument "[^"]*" is outside of the allowed workspace/ },
        },
      },
      {
        event: {
          type: 'error',
          where: { message: /(?:File )?[Pp]ath must be within one of the workspace directories/ },
        },
      },
    ],
    extract: outsideWorkspaceFacts,
    alsoOnSuccess: true,
    errorClass: 'path_outside_workspace',
    summary: 'gemini was refused a path outside its workspace; relaunching with that directory included',
    action: {
      kind: 'relaunch',
      addArgs: ({ facts }) => (facts.directory ? ['--include-directories', facts.directory] : null),
      requireDir: 'directory',
    },
    seenIn: ['gemini/outside-ws'],
  },
];
