import { isIP } from 'node:net';

export const DEFAULT_HOST = '127.0.0.1';

/** Whether an address only this machine can reach: 127.0.0.0/8, ::1 or the name localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}

/** An address as it appears in a Host header or a URL: IPv6 in brackets. */
export const hostForUrl = (host: string): string => (isIP(host) === 6 ? `[${host}]` : host);

/**
 * The Host header values a request may carry. A DNS-rebinding page reaches this server under its own
 * domain name, so anything but the loopback names and the address the user configured is refused.
 */
export function allowedHostHeaders(bindHost: string, port: number): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]', hostForUrl(bindHost).toLowerCase()];
  const values = new Set(names.map((name) => `${name}:${port}`));
  // Browsers leave out the default port.
  if (port === 80) for (const name of names) values.add(name);
  return values;
}

/** A page may call the API only from the dashboard's own origin: same scheme, host and port. */
export const isSameOrigin = (origin: string, hostHeader: string): boolean =>
  origin.toLowerCase() === `http://${hostHeader.toLowerCase()}`;
