import { z } from 'zod';

/**
 * NUL ends a string for the operating system: no command line, environment variable or path can hold one,
 * and a spawn given one throws. Text that may reach any of them is refused with this, up front.
 */
export const NUL_REFUSAL =
  'contains a NUL character (\\u0000), which no command line, path or environment can hold';

/** A string the OS can take as an argument, an environment value or a path. */
export const OsText = z.string().refine((s) => !s.includes('\0'), NUL_REFUSAL);

/** Environment variables: names not empty and without `=` (it ends the name), values the OS can take. */
export const OsEnv = z.record(z.string(), OsText).superRefine((env, ctx) => {
  for (const name of Object.keys(env)) {
    if (name === '' || name.includes('='))
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: 'an environment variable name cannot be empty or contain "="',
      });
  }
});

/**
 * Where in a JSON-like value the first NUL is — "task", "breakdown.assignments.0.title", "env key X" — or
 * null when there is none. Keys count too: an env key or a config key reaches the OS as well.
 */
export function findNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\0') ? path || 'the value' : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNul(item, path ? `${path}.${i}` : String(i));
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes('\0')) return `the key of ${JSON.stringify(at)}`;
      const found = findNul(item, at);
      if (found !== null) return found;
    }
  }
  return null;
}
