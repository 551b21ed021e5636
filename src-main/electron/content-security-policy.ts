const STRICT = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
} as const;

type Directives = Record<string, readonly string[]>;

const render = (directives: Directives): string =>
  Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');

/**
 * The dev server injects React's refresh preamble inline and talks to its HMR socket, so development alone
 * allows inline code and ws:. Builds get the strict policy.
 */
const DEV: Directives = {
  ...STRICT,
  'script-src': ["'self'", "'unsafe-inline'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'connect-src': ["'self'", 'ws:'],
};

export function contentSecurityPolicy(options: { dev: boolean }): string {
  return render(options.dev ? DEV : STRICT);
}

/** The same policy for index.html's meta tag, where frame-ancestors is ignored (with a console warning). */
export function metaContentSecurityPolicy(options: { dev: boolean }): string {
  const { 'frame-ancestors': _ignored, ...rest } = options.dev ? DEV : STRICT;
  return render(rest);
}
