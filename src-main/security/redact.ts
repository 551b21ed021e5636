import { BEARER_PREFIX, BEARER_TOKEN, KEY_PATTERNS, SECRET_NAME } from './secret-patterns';

export const REDACTED = '[REDACTED]';

/** Shorter values are too likely to be ordinary words or numbers to replace everywhere. */
export const MIN_SECRET_LENGTH = 8;

export type Redactor = (text: string) => string;

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
 * A function replacing the given secret values and well-known key formats with [REDACTED]. One combined
 * regex, so each text is scanned once whatever the number of secrets. A secret is also found in its
 * JSON-escaped form, as it appears inside a raw stdout line.
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
  const alternatives = [
    ...sorted,
    `(${BEARER_PREFIX})${BEARER_TOKEN}`,
    ...KEY_PATTERNS.map((pattern) => pattern.source),
  ];
  const pattern = new RegExp(alternatives.join('|'), 'g');
  return (text) => {
    if (text.length === 0) return text;
    pattern.lastIndex = 0;
    return text.replace(pattern, (_match, bearer: string | undefined) =>
      bearer === undefined ? REDACTED : `${bearer}${REDACTED}`,
    );
  };
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => value !== null && typeof value === 'object';

/**
 * A copy of `value` with every string redacted, however deep; the input is left as it was. Iterative, so a
 * tool input nested thousands of levels deep cannot overflow the stack. Object keys are names, not data,
 * and stay as they are.
 */
export function redactValue<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (!isContainer(value)) return value;
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
    for (const [key, item] of Object.entries(source)) {
      target[key] = typeof item === 'string' ? redact(item) : isContainer(item) ? copyOf(item) : item;
    }
  }
  return root as T;
}

/** The event with every string of its payload redacted; the input event is not changed. */
export function redactEvent<E extends { payload: unknown }>(event: E, redact: Redactor): E {
  return { ...event, payload: redactValue(event.payload, redact) };
}
