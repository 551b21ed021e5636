import {
  ASSIGNMENT,
  BEARER_PREFIX,
  BEARER_TOKEN,
  CANDIDATE_NAMES,
  CANDIDATE_SOURCE,
  isGluedKey,
  isHighEntropy,
  KEY_PATTERNS,
  PREFIXED_PATTERNS,
  SECRET_NAME,
} from './secret-patterns';

export const REDACTED = '[REDACTED]';

/** Shorter values are too likely to be ordinary words or numbers to replace everywhere. */
export const MIN_SECRET_LENGTH = 8;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The values of credential-looking variables (…KEY, …TOKEN, …SECRET, …PASSWORD) of an environment: pass the
 * merged env of every configured agent (`{...process.env, ...agent.env}`).
 */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env)
    .filter(
      ([name, value]) =>
        SECRET_NAME.test(name) && value !== undefined && value.trim().length >= MIN_SECRET_LENGTH,
    )
    .map(([, value]) => value as string);
}

/**
 * Masks secrets in text. `mayHoldSecret` is the cheap test run first: false means no pattern and no given
 * secret can be in the text, so most lines cost one scan for a few substrings and no regex of the formats.
 */
export type Redactor = ((text: string) => string) & { mayHoldSecret?: (text: string) => boolean };

/**
 * A function replacing the given secret values and well-known key formats with [REDACTED]. One combined
 * regex, so each text is scanned once whatever the number of secrets. A secret is also found in its
 * JSON-escaped form, as it appears inside a raw stdout line. Where a prefix says what the secret is (a bearer
 * header, `user:` of a URL, `api_key=`), the prefix stays.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const literals = new Set<string>();
  for (const secret of secrets) {
    if (secret.trim().length < MIN_SECRET_LENGTH) continue;
    literals.add(secret);
    literals.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a secret that starts with another one is replaced whole.
  const sorted = [...literals].sort((a, b) => b.length - a.length).map(escapeRegExp);
  // Every alternative but the literals has exactly one capturing group, in this order: the kept prefix of
  // each prefixed format, then each key format whole, then the assignment's name (last, and only in
  // `pattern`). The replacer knows by the group which alternative matched.
  const prefixed = [`(${BEARER_PREFIX})${BEARER_TOKEN}`, ...PREFIXED_PATTERNS.map((p) => p.source)];
  const keys = KEY_PATTERNS.map((key) => `(${key.source})`);
  const strict = new RegExp([...sorted, ...prefixed, ...keys].join('|'), 'g');
  const pattern = new RegExp([...sorted, ...prefixed, ...keys, ASSIGNMENT.source].join('|'), 'g');
  const groups = prefixed.length + keys.length + 1;
  const literalsOnly = sorted.length > 0 ? new RegExp(sorted.join('|'), 'g') : null;
  const candidates = new RegExp([CANDIDATE_SOURCE, ...sorted].join('|'));
  const names = new RegExp(CANDIDATE_NAMES, 'i');
  const mayHoldSecret = (text: string): boolean => candidates.test(text) || names.test(text);
  /**
   * A key format's match right after a word character that its random part does not back (`task-admin-…`
   * holds `sk-admin-…`): not a key, but a given secret inside it is still one.
   */
  const notGluedKey = (match: string, captured: (string | undefined)[], at: number, text: string) => {
    if (at === 0 || !/\w/.test(text[at - 1]!)) return false;
    const k = captured.findIndex((g, i) => i >= prefixed.length && g !== undefined) - prefixed.length;
    return k >= 0 && k < keys.length && !isGluedKey(match, KEY_PATTERNS[k]!.glued);
  };
  const maskLiterals = (text: string): string => {
    if (literalsOnly === null) return text;
    literalsOnly.lastIndex = 0;
    return text.replace(literalsOnly, REDACTED);
  };
  /** What replaces one match; `assignment` is the captured name when the match is an assignment. */
  const replacement = (match: string, rest: unknown[], assignmentSeen: boolean): string => {
    const captured = rest.slice(0, groups) as (string | undefined)[];
    const at = rest[groups] as number;
    const text = rest[groups + 1] as string;
    const assigned = assignmentSeen ? captured[groups - 1] : undefined;
    if (assigned !== undefined) {
      const value = match.slice(assigned.length);
      // A plain value may still hold a known secret or a key format (`password=hunter2-and-more`).
      return isHighEntropy(value) ? `${assigned}${REDACTED}` : `${assigned}${strictReplace(value)}`;
    }
    if (notGluedKey(match, captured, at, text)) return maskLiterals(match);
    const prefix = captured.slice(0, prefixed.length).find((g) => g !== undefined);
    return prefix === undefined ? REDACTED : `${prefix}${REDACTED}`;
  };
  const strictReplace = (text: string): string => {
    strict.lastIndex = 0;
    return text.replace(strict, (match: string, ...rest: unknown[]) =>
      // `strict` has no assignment group: its offset and text sit one place earlier.
      replacement(match, [...rest.slice(0, groups - 1), undefined, ...rest.slice(groups - 1)], false),
    );
  };
  const redact = (text: string): string => {
    if (text.length === 0 || !mayHoldSecret(text)) return text;
    pattern.lastIndex = 0;
    return text.replace(pattern, (match: string, ...rest: unknown[]) => replacement(match, rest, true));
  };
  return Object.assign(redact, { mayHoldSecret });
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => value !== null && typeof value === 'object';

/** Whether redacting would change any string or key of `value`. Iterative, like redactValue. */
function holdsSecret(value: Container, redact: Redactor): boolean {
  const seen = new Set<Container>([value]);
  const pending: Container[] = [value];
  while (pending.length > 0) {
    const source = pending.pop() as Container;
    const isArray = Array.isArray(source);
    for (const [key, item] of Object.entries(source)) {
      if (!isArray && redact(key) !== key) return true;
      if (typeof item === 'string') {
        if (redact(item) !== item) return true;
      } else if (isContainer(item) && !seen.has(item)) {
        seen.add(item);
        pending.push(item);
      }
    }
  }
  return false;
}

/**
 * `value` with every string and object key redacted, however deep: a copy when anything changed, `value`
 * itself when nothing did (most events), and the input is never changed. Iterative, so a tool input nested
 * thousands of levels deep cannot overflow the stack. Keys are masked too: a tool's input or a CLI's line is
 * free to use a key as a name.
 */
export function redactValue<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (!isContainer(value) || !holdsSecret(value, redact)) return value;
  const copies = new Map<Container, Container>();
  const copyOf = (source: Container): Container => {
    let copy = copies.get(source);
    if (copy === undefined) {
      copy = Array.isArray(source) ? new Array<unknown>(source.length) : {};
      copies.set(source, copy);
      pending.push(source);
    }
    return copy;
  };
  const pending: Container[] = [];
  const root = copyOf(value);
  while (pending.length > 0) {
    const source = pending.pop() as Container;
    const target = copies.get(source) as Record<string, unknown>;
    const isArray = Array.isArray(source);
    for (const [key, item] of Object.entries(source)) {
      const name = isArray ? key : redact(key);
      target[name] = typeof item === 'string' ? redact(item) : isContainer(item) ? copyOf(item) : item;
    }
  }
  return root as T;
}

/** The event with every string of its payload redacted; the input event is not changed (nor copied when clean). */
export function redactEvent<E extends { payload: unknown }>(event: E, redact: Redactor): E {
  const payload = redactValue(event.payload, redact);
  return payload === event.payload ? event : { ...event, payload };
}

/** First character that is not JSON whitespace. */
const JSON_START = /[^ \t\r\n]/;

/**
 * A raw line as it may be stored: the line itself when it holds no secret (so the log keeps its exact bytes),
 * else with every secret masked. A JSON line is decoded first and each string and key masked as the CLI meant
 * it: a key after an escaped newline (`"…\nsk-ant-…"`) or written with `\u` escapes is only a key once
 * decoded. A masked JSON line is stored re-encoded (same values, JSON's own spacing and escaping). Anything
 * else (a torn line, plain text on stderr) is masked as text.
 */
export function maskLine(line: string, redact: Redactor): string {
  if (line.length === 0 || (redact.mayHoldSecret && !redact.mayHoldSecret(line))) return line;
  const first = JSON_START.exec(line)?.[0];
  if (first !== '{' && first !== '[' && first !== '"') return redact(line);
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return redact(line);
  }
  const masked = redactValue(parsed, redact);
  return masked === parsed ? line : JSON.stringify(masked);
}
