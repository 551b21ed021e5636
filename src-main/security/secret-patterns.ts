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
 * What the random part of a key must hold when the key is glued to the word before it (`tokensk-ant-…`,
 * `x_ghp_…`): there the prefix alone is no proof (`task-admin-…` holds `sk-admin-`), a generated key is.
 * `mixed`: upper- and lower-case letters and digits, as every base62/base64 key of this length has;
 * `upper`: capitals and digits, for formats without lower case; `any`: the format alone is proof enough.
 */
export type GluedBody = 'mixed' | 'upper' | 'any';

/**
 * Well-known credential formats. Each is linear to search: no nested quantifiers, and no lookahead that
 * rescans a long run, so adversarial input (say 100k "sk-" prefixes) cannot make it backtrack badly.
 * A PEM body is capped at 32k characters (a 16384-bit RSA key is about 13k): an alternation keeps one
 * backtracking entry per character. No format starts at a word boundary: a key glued to a word is still a
 * key, if its random part says so (`glued`).
 */
export const KEY_PATTERNS: readonly { name: string; source: string; glued: GluedBody }[] = [
  {
    name: 'private key block',
    // The body stops at the next "-----", so many BEGIN lines without an END cost one pass, not one each.
    source:
      '-----BEGIN[A-Z0-9 ]{0,40} PRIVATE KEY-----(?:[A-Za-z0-9+/=\\s\\\\:,.]|-(?!----)){0,32768}' +
      '(?:-----END[A-Z0-9 ]{0,40} PRIVATE KEY-----)?',
    glued: 'any',
  },
  // Anthropic sk-ant-…, OpenAI sk-proj-…, sk-svcacct-…, sk-admin-…
  {
    name: 'prefixed sk- key',
    source: `sk-(?:ant|proj|svcacct|admin)-${atLeast('[A-Za-z0-9_-]', 20)}`,
    glued: 'mixed',
  },
  // Legacy OpenAI keys have no dashes after sk-, which keeps kebab-case names like sk-button-large out.
  { name: 'sk- key', source: `sk-${atLeast('[A-Za-z0-9]', 32)}`, glued: 'mixed' },
  { name: 'Google API key', source: 'AIza[0-9A-Za-z_-]{35}', glued: 'mixed' },
  { name: 'GitHub token', source: `gh[pousr]_${atLeast('[A-Za-z0-9]', 36)}`, glued: 'mixed' },
  { name: 'GitHub fine-grained token', source: `github_pat_${atLeast('[A-Za-z0-9_]', 22)}`, glued: 'mixed' },
  { name: 'AWS access key id', source: '(?:AKIA|ASIA)[0-9A-Z]{16}\\b', glued: 'upper' },
  // Bot, user, app-level, refresh and config tokens: xoxb-, xoxp-, xoxa-, xoxe.xoxp-, xapp-…
  {
    name: 'Slack token',
    source: `(?:xox[a-z](?:\\.xox[a-z])?|xapp)-${atLeast('[A-Za-z0-9-]', 10)}`,
    glued: 'mixed',
  },
  // Stripe secret and restricted keys, live and test, and webhook signing secrets.
  {
    name: 'Stripe key',
    source: `(?:[sr]k_(?:live|test)|whsec)_${atLeast('[A-Za-z0-9]', 16)}`,
    glued: 'mixed',
  },
  // Three base64url parts, the first two JSON objects (`{"` encodes as eyJ); the signature may be empty.
  // The only format that must see a character after a run (the dot): a try from every `eyJ` of a long
  // run (`-eyJ-eyJ…`) would each rescan the rest of it. So a JWT starts within the first 32 characters of
  // its run of base64url characters (room for a glued word), and the runs are scanned a bounded number
  // of times.
  {
    name: 'JWT',
    source:
      `(?<![A-Za-z0-9_-]{33})eyJ${atLeast('[A-Za-z0-9_-]', 8)}\\.` +
      `eyJ${atLeast('[A-Za-z0-9_-]', 8)}\\.[A-Za-z0-9_-]*`,
    glued: 'mixed',
  },
];

/** The classes a glued key's random part must hold (see GluedBody). */
const GLUED_CLASSES: Record<GluedBody, readonly RegExp[]> = {
  mixed: [/[A-Z]/, /[a-z]/, /[0-9]/],
  upper: [/[A-Z]/, /[0-9]/],
  any: [],
};

/**
 * Whether a key found right after a word character (`token` + `sk-ant-…`) is one. Its first four characters
 * are left out: they are the format's prefix (`AIza`, `eyJ` hold both cases whatever follows).
 */
export function isGluedKey(key: string, glued: GluedBody): boolean {
  const body = key.slice(4);
  return GLUED_CLASSES[glued].every((cls) => cls.test(body));
}

/**
 * Formats where what comes before the secret says what it is: kept in the output (each source's one
 * capturing group), only the secret after it is replaced.
 */
export const PREFIXED_PATTERNS: readonly { name: string; source: string }[] = [
  // `scheme://user:password@host`: the password goes, the scheme, user and host stay.
  {
    name: 'URL credentials',
    source: `(://[^\\s/?#@:"'<>\\\\]{0,256}:)[^\\s/?#@"'<>\\\\]{1,256}(?=@)`,
  },
];

/**
 * `api_key=…`, `"token": "…"`, `password: …`: a name that says credential, then a value. The match starts at
 * the word (`key` of `api_key`): a free-length name before it would be rescanned at every position. Only a value that
 * looks random is a secret (see isHighEntropy), so `token: process.env.TOKEN` stays readable. The name and
 * separator are the capturing group, kept in the output.
 */
export const ASSIGNMENT = {
  name: 'credential assignment',
  source:
    `((?:${caseless('key')}|${caseless('token')}|${caseless('secret')}|` +
    `${caseless('passw')}(?:${caseless('or')})?[dD]|${caseless('pwd')})["']?\\s{0,8}[:=]\\s{0,8}["']?)` +
    `[A-Za-z0-9+/_.~-]{16,512}`,
};

/** Bits per character of `text`'s own letter frequencies. */
function entropyPerChar(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Whether an assigned value looks like a generated credential rather than a word or an expression: letters
 * and digits mixed, and characters spread out (random base64 of 16+ characters has ≥ 3.5 bits each; a
 * name like `process.env.SOME_TOKEN` has no digit, `aaaa1111aaaa1111` has 1 bit).
 */
export function isHighEntropy(value: string): boolean {
  return /[0-9]/.test(value) && /[A-Za-z]/.test(value) && entropyPerChar(value) >= 3;
}

/**
 * What every maskable text holds, tested before any pattern: a text without it needs no regex of the formats,
 * which is most lines. A key format's prefix anywhere (glued to a word too), a bearer header at a word
 * boundary or after a JSON escape (`\\n` then `Bearer`); `\\u` is there because a key may be written with JSON
 * unicode escapes. Credential names are the second test (CANDIDATE_NAMES), case-insensitive: a class at the
 * start of each alternative here would make the scan try every position.
 */
export const CANDIDATE_SOURCE = [
  // As much of each prefix as tells it from words (`task-`, `ask_user`): every line that passes runs them all.
  'sk-(?:ant-|proj-|svcacct-|admin-|[A-Za-z0-9]{32})|[sr]k_(?:live|test)_|whsec_|AIza|gh[pousr]_|github_pat_',
  'AKIA|ASIA|xox[a-z][-.]|xapp-|eyJ',
  '\\b(?:[Bb]earer|BEARER)',
  '\\\\[nrtbf](?:[Bb]e|BE)',
  // A URL with a user and password; `:\/\/` is a URL whose slashes are JSON-escaped.
  `://[^\\s/?#@"']{0,256}:[^\\s/?#@"']{0,256}@`,
  ':\\\\/\\\\/',
  '-----BEGIN',
  '\\\\u',
].join('|');

/** A credential name and an assignment after it (see ASSIGNMENT and CANDIDATE_SOURCE); test with the `i` flag. */
export const CANDIDATE_NAMES = `(?:key|token|secret|passw(?:or)?d|pwd)["']?\\s{0,8}[:=]`;

/** The token after a bearer prefix. */
export const BEARER_TOKEN = atLeast('[A-Za-z0-9._~+/=-]', 8);

/** Env names whose values are credentials (ANTHROPIC_API_KEY, GITHUB_TOKEN, DB_PASSWORD…). */
export const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|AUTH/i;
