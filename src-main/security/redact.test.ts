import { describe, expect, it } from 'vitest';
import { draft } from '../../src-shared/models';
import { createRedactor, maskLine, redactEvent, redactValue, REDACTED, secretsFromEnv } from './redact';

const redact = createRedactor([]);

/** Made-up credentials of each format, built at run time so no scanner mistakes this file for a leak. */
const KEYS: Record<string, string> = {
  anthropic: `sk-ant-api03-${'Ab3_x-'.repeat(16)}AA`,
  openaiProject: `sk-proj-${'Zx9_Q-w'.repeat(10)}`,
  openaiLegacy: `sk-${'T3BlbkFJ'.repeat(6)}`,
  google: `AIza${'SyA1b2C3d4E5f6G7h8I9j0K_L-mNoPqRsTu'}`,
  githubClassic: `ghp_${'a1B2c3D4e5F6'.repeat(3)}`,
  githubFineGrained: `github_pat_11ABCDEFG0${'x_Y9'.repeat(10)}`,
  aws: `AKIA${'IOSFODNN7EXAMPLE'}`,
  slack: `xoxb-1234567890-0987654321-${'AbCd'.repeat(6)}`,
  slackRefresh: `xoxe.xoxp-1-${'Mi0yLTM0NTY'.repeat(4)}`,
  slackApp: `xapp-1-A0123456789-${'0123456789'.repeat(2)}-abcdef`,
  stripeLive: `sk_live_${'51HqLyjWDarjtT1zdp7dc'.repeat(3)}`,
  stripeRestricted: `rk_live_${'51HqLyjWDarjtT1zdp7dc'.repeat(3)}`,
  stripeTest: `sk_test_${'4eC39HqLyjWDarjtT1zdp7dc'}`,
  stripeWebhook: `whsec_${'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'}`,
  jwt:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ' +
    '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
};

describe('createRedactor', () => {
  it.each(Object.entries(KEYS))('replaces a %s key', (_name, key) => {
    const text = `token=${key} and more`;
    expect(redact(text)).toBe(`token=${REDACTED} and more`);
  });

  it.each(Object.entries(KEYS))('replaces a %s key glued to the word before it', (_name, key) => {
    for (const word of ['token', 'x_', 'abc123', 'Bearer:', 'foo=', '\\n']) {
      expect(redact(`see ${word}${key} and more`)).toBe(`see ${word}${REDACTED} and more`);
    }
  });

  it.each([
    'the task-admin-dashboard-layout-panel component',
    'desk-proj-settings-and-configuration-page',
    'risk-ant-colony-optimisation-heuristics',
    'call disk_test_validatesinputcorrectly now',
    'task-a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6 finished',
    'the webxapp-settings-panel-layout module',
    'mask_live_previewrenderingenabled flag',
    'the MALAKIAIOSFODNNWXEXAMPL constant',
  ])('leaves an ordinary word that only looks like a glued key prefix alone: %s', (text) => {
    expect(redact(text)).toBe(text);
  });

  it.each([
    [
      'https://deploy:Zq8rT2mW9vK4@git.example.com/repo.git',
      `https://deploy:${REDACTED}@git.example.com/repo.git`,
    ],
    ['postgres://app:s3cr3t-Pa55@db:5432/prod', `postgres://app:${REDACTED}@db:5432/prod`],
    ['redis://:hunter2pass@cache:6379', `redis://:${REDACTED}@cache:6379`],
  ])('replaces the password of a URL, keeping scheme, user and host: %s', (text, masked) => {
    expect(redact(`clone ${text} now`)).toBe(`clone ${masked} now`);
  });

  it.each([
    ['api_key=Zq8rT2mW9vK4xL7pN3bH', `api_key=${REDACTED}`],
    ['"client_secret": "f3c9A1b7E2d8C4a6B0e5"', `"client_secret": "${REDACTED}"`],
    ['DB_PASSWORD: 9fK2mQ7xZ4pL1wR8vT3n', `DB_PASSWORD: ${REDACTED}`],
    ["token='aB3dE5gH7jK9mN1pQ3sT5'", `token='${REDACTED}'`],
  ])('replaces a random value assigned to a credential name: %s', (text, masked) => {
    expect(redact(text)).toBe(masked);
  });

  it.each([
    'token: process.env.GITHUB_TOKEN',
    'key=display_name_for_user',
    'password = aaaa1111aaaa1111aaaa',
    'const tokenizer_key = createTokenizerFromConfig',
  ])('leaves an assignment of a word or an expression alone: %s', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('still masks a known secret in a plain assigned value', () => {
    const r = createRedactor(['hunter2-but-longer']);
    expect(r('password=hunter2-but-longer')).toBe(`password=${REDACTED}`);
  });

  it('keeps the header of a bearer token, in every spelling', () => {
    expect(redact('Authorization: Bearer abc.def-ghi_123')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redact('authorization: bearer abcdefgh1234')).toBe(`authorization: bearer ${REDACTED}`);
    expect(redact('{"authorization":"Bearer abcdefgh1234"}')).toBe(`{"authorization":"Bearer ${REDACTED}"}`);
  });

  it('replaces a private key block, also with JSON-escaped newlines and legacy headers', () => {
    const body = 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi\nZ1BjP5CE/Wm/Rr500P+rSVOZp4Rzgk=\n';
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}-----END RSA PRIVATE KEY-----`;
    expect(redact(`key:\n${pem}\ndone`)).toBe(`key:\n${REDACTED}\ndone`);
    expect(redact(JSON.stringify({ k: pem }))).toBe(`{"k":"${REDACTED}"}`);
    const legacy = `-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,AB12\n\n${body}-----END EC PRIVATE KEY-----`;
    expect(redact(legacy)).toBe(REDACTED);
    expect(redact(`-----BEGIN OPENSSH PRIVATE KEY-----\n${body}`)).toBe(REDACTED);
  });

  it('replaces exact secret values, in their JSON-escaped form too, and ignores short ones', () => {
    const r = createRedactor(['my-db-pass"word\\1', 'short', 'hunter2-but-longer']);
    expect(r('login hunter2-but-longer ok')).toBe(`login ${REDACTED} ok`);
    expect(r(JSON.stringify({ p: 'my-db-pass"word\\1' }))).toBe(`{"p":"${REDACTED}"}`);
    expect(r('a short text')).toBe('a short text');
  });

  it('treats regex characters in a secret literally', () => {
    const r = createRedactor(['a.b*c+d?(e)[f]{g}|h^$']);
    expect(r('x a.b*c+d?(e)[f]{g}|h^$ y')).toBe(`x ${REDACTED} y`);
    expect(r('aXbbbcdde')).toBe('aXbbbcdde');
  });

  it('replaces the longer of two overlapping secrets whole', () => {
    const r = createRedactor(['abcdefgh', 'abcdefgh-ijkl']);
    expect(r('abcdefgh-ijkl')).toBe(REDACTED);
  });

  it('leaves ordinary text alone', () => {
    const text = 'task-management sk-button-primary-large-variant risk-assessment AKIA short ghp_x Bearer';
    expect(redact(text)).toBe(text);
  });

  it('terminates on 10 MB of adversarial text', () => {
    const r = createRedactor(['a-secret-value-1', 'another-secret-2']);
    const inputs = [
      'sk-'.repeat(3_500_000),
      'sk-ant-'.repeat(1_500_000),
      '-----BEGIN RSA PRIVATE KEY-----'.repeat(330_000),
      `-----BEGIN RSA PRIVATE KEY-----${'QUJD'.repeat(2_500_000)}`,
      'Authorization: Bearer '.repeat(470_000),
      `xoxb-${'a'.repeat(10_000_000)}`,
      'a-secret-value-'.repeat(700_000),
      'api_key='.repeat(1_250_000),
      `token=${'a1'.repeat(5_000_000)}`,
      '://user:'.repeat(1_250_000),
      `://${'u'.repeat(200)}:${'p'.repeat(200)}`.repeat(25_000),
      'eyJ'.repeat(3_300_000),
      '-eyJ'.repeat(2_500_000),
      `token${'eyJ'.repeat(10)}${'a'.repeat(5_000_000)}`,
      'eyJaaaaaaaa.'.repeat(800_000),
      `eyJ${'a'.repeat(5_000_000)}.eyJ${'b'.repeat(5_000_000)}`,
      'sk_live_'.repeat(1_250_000),
    ];
    for (const input of inputs) {
      const out = r(input);
      expect(typeof out).toBe('string');
      expect(out.length).toBeLessThanOrEqual(input.length);
    }
  });
});

describe('secretsFromEnv', () => {
  it('takes the values of key-, token- and secret-like names of at least 8 characters', () => {
    const env = {
      ANTHROPIC_API_KEY: 'sk-ant-abcdefgh',
      GITHUB_TOKEN: 'gho_12345678',
      DB_PASSWORD: 'correct horse',
      client_secret: 'abcdefghij',
      SHORT_TOKEN: 'abc',
      PATH: '/usr/bin:/bin',
      NODE_ENV: 'production',
      UNSET_KEY: undefined,
    };
    expect(secretsFromEnv(env).sort()).toEqual([
      'abcdefghij',
      'correct horse',
      'gho_12345678',
      'sk-ant-abcdefgh',
    ]);
  });
});

describe('redactEvent', () => {
  const r = createRedactor(['super-secret-value']);

  it('redacts every string of a nested payload without touching the input', () => {
    const input = {
      command: 'curl -H "Authorization: Bearer super-secret-value" x',
      env: [{ name: 'K', value: 'super-secret-value' }],
      count: 3,
      flag: true,
      none: null,
    };
    const event = draft('tool_use', { toolId: 'super-secret-value', name: 'Bash', summary: 'run', input });
    const before = structuredClone(event);
    const out = redactEvent(event, r);
    expect(event).toEqual(before);
    expect(out.payload).toEqual({
      toolId: REDACTED,
      name: 'Bash',
      summary: 'run',
      input: {
        command: `curl -H "Authorization: Bearer ${REDACTED}" x`,
        env: [{ name: 'K', value: REDACTED }],
        count: 3,
        flag: true,
        none: null,
      },
    });
    expect(out.type).toBe('tool_use');
  });

  it('copies deeply nested and shared values without recursion', () => {
    let deep: unknown = 'super-secret-value';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const out = redactValue(deep, r);
    let inner: unknown = out;
    while (Array.isArray(inner)) inner = inner[0];
    expect(inner).toBe(REDACTED);
    const shared = { s: 'super-secret-value' };
    const both = redactValue({ a: shared, b: shared }, r);
    expect(both.a).toEqual({ s: REDACTED });
    expect(both.a).toBe(both.b);
    expect(shared.s).toBe('super-secret-value');
  });
});

describe('maskLine', () => {
  const key = KEYS.anthropic!;
  const r = createRedactor(['env-secret-Vq3ZpL8wXy']);
  /** Every character of `text` written as a JSON \u escape, as a CLI may encode what it prints. */
  const unicodeEscaped = (text: string) =>
    [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

  it('returns a line without secrets as it is, so it is stored byte for byte', () => {
    const line = '{"type":"assistant","text":"the key is in \\u00e9 config.json","n":1e999}';
    expect(maskLine(line, r)).toBe(line);
  });

  it.each([
    ['after an escaped newline', `{"text":"found:\\n${key}\\nend"}`],
    ['after an escaped tab', `{"text":"k=\\t${key}"}`],
    ['written with \\u escapes', `{"text":"${unicodeEscaped(key)}"}`],
    ['partly \\u-escaped', `{"text":"\\u0073k-ant${key.slice(6)}"}`],
    ['as an object key', `{"${key}":1}`],
    ['in a nested array', `[{"a":[["x","${key}"]]}]`],
    ['an env secret with escapes', `{"text":"${unicodeEscaped('env-secret-Vq3ZpL8wXy')}"}`],
  ])('masks a key %s, in the decoded value', (_name, line) => {
    const masked = maskLine(line, r);
    expect(masked).not.toBe(line);
    expect(JSON.stringify(JSON.parse(masked))).toContain(REDACTED);
    const decoded = JSON.stringify(JSON.parse(masked));
    expect(decoded).not.toContain(key);
    expect(decoded).not.toContain('env-secret-Vq3ZpL8wXy');
  });

  it('masks a torn JSON line or plain text as text', () => {
    expect(maskLine(`{"text":"${key}`, r)).toBe(`{"text":"${REDACTED}`);
    expect(maskLine(`error: bad key ${key}`, r)).toBe(`error: bad key ${REDACTED}`);
  });
});
