/** Matches `word` in any letter case without the `i` flag, which would loosen every other pattern too. */
const caseless = (word: string): string =>
  [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join('');

/**
 * `cls` at least `n` times. Written as {n} then * because V8 runs a starred class as a tight loop, while
 * {n,} keeps a backtracking entry per character and overflows its stack on a multi-megabyte run.
 */
const atLeast = (cls: string, n: number): string => `${cls}{${n}}${cls}*`;

/**
 * The header prefix of a bearer token: kept in the output so a reader still sees what was redacted.
 * Matches `Authorization: Bearer x`, `authorization=Bearer x` and the JSON `"authorization":"Bearer x"`.
 */
export const BEARER_PREFIX = `\\b${caseless('authorization')}["']?\\s*[:=]\\s*["']?${caseless('bearer')}\\s+`;

/**
 * Well-known credential formats. Each is linear to search: no nested quantifiers, and no lookahead that
 * rescans a long run, so adversarial input (say 100k "sk-" prefixes) cannot make it backtrack badly.
 * A PEM body is capped at 32k characters (a 16384-bit RSA key is about 13k): an alternation keeps one
 * backtracking entry per character.
 */
export const KEY_PATTERNS: readonly { name: string; source: string }[] = [
  {
    name: 'private key block',
    // The body stops at the next "-----", so many BEGIN lines without an END cost one pass, not one each.
    source:
      '-----BEGIN[A-Z0-9 ]{0,40} PRIVATE KEY-----(?:[A-Za-z0-9+/=\\s\\\\:,.]|-(?!----)){0,32768}' +
      '(?:-----END[A-Z0-9 ]{0,40} PRIVATE KEY-----)?',
  },
  // Anthropic sk-ant-…, OpenAI sk-proj-…, sk-svcacct-…, sk-admin-…
  { name: 'prefixed sk- key', source: `\\bsk-(?:ant|proj|svcacct|admin)-${atLeast('[A-Za-z0-9_-]', 20)}` },
  // Legacy OpenAI keys have no dashes after sk-, which keeps kebab-case names like sk-button-large out.
  { name: 'sk- key', source: `\\bsk-${atLeast('[A-Za-z0-9]', 32)}` },
  { name: 'Google API key', source: '\\bAIza[0-9A-Za-z_-]{35}' },
  { name: 'GitHub token', source: `\\bgh[pousr]_${atLeast('[A-Za-z0-9]', 36)}` },
  { name: 'GitHub fine-grained token', source: `\\bgithub_pat_${atLeast('[A-Za-z0-9_]', 22)}` },
  { name: 'AWS access key id', source: '\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b' },
  { name: 'Slack token', source: `\\bxox[abposr]-${atLeast('[A-Za-z0-9-]', 10)}` },
];

/** The token after a bearer prefix. */
export const BEARER_TOKEN = atLeast('[A-Za-z0-9._~+/=-]', 8);

/** Env names whose values are credentials (ANTHROPIC_API_KEY, GITHUB_TOKEN, DB_PASSWORD…). */
export const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|AUTH/i;
