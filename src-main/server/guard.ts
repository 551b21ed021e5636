import type { Context, MiddlewareHandler } from 'hono';
import { errorBody } from './api-error';
import { allowedHostHeaders, isSameOrigin } from './hosts';
import { tokensMatch } from './token';

export interface OriginGuardOptions {
  bindHost: string;
  /** The port listened on; known only after listen when 0 was asked for. */
  port: () => number;
}

/**
 * Against DNS rebinding and cross-site calls: the Host header must name this server by a loopback name or
 * the configured address, and an Origin, when a browser sends one, must be the dashboard's own. Runs before
 * anything else, static files included.
 */
export function originGuard({ bindHost, port }: OriginGuardOptions): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host')?.toLowerCase() ?? '';
    if (!allowedHostHeaders(bindHost, port()).has(host)) {
      return c.json(errorBody('forbidden_host', 'this server does not answer to that Host'), 403);
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !isSameOrigin(origin, host)) {
      return c.json(errorBody('forbidden_origin', 'cross-origin requests are refused'), 403);
    }
    await next();
  };
}

export interface TokenGuardOptions {
  token: string;
  /** Paths where `?token=` is accepted, because EventSource cannot send headers. */
  queryTokenPaths: readonly string[];
}

const bearer = (c: Context): string | null => {
  const match = /^Bearer ([^\s]+)$/i.exec(c.req.header('authorization') ?? '');
  return match ? match[1]! : null;
};

/** Every API request carries the install's token; one without it learns nothing, not even why. */
export function tokenGuard({ token, queryTokenPaths }: TokenGuardOptions): MiddlewareHandler {
  return async (c, next) => {
    const given = bearer(c) ?? (queryTokenPaths.includes(c.req.path) ? c.req.query('token') : null);
    if (!tokensMatch(given, token)) return c.json(errorBody('unauthorized', 'unauthorized'), 401);
    await next();
  };
}
