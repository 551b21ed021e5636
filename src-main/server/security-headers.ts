import type { MiddlewareHandler } from 'hono';

/** What an API answer (JSON, errors, the event stream) may load if a browser renders it: nothing. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers on every answer. Deliberately no Access-Control-* header at all: a page from another origin
 * gets nothing readable, and a preflight fails.
 */
export function securityHeaders(pageCsp: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    const api = c.req.path === '/health' || c.req.path.startsWith('/api/');
    headers.set('Content-Security-Policy', api ? API_CSP : pageCsp);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    // The event stream sets its own no-cache; every other API answer holds live data nobody should keep.
    if (api && !headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
    if (!api) headers.set('Cache-Control', 'no-cache');
  };
}
