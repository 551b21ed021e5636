import { randomBytes } from 'node:crypto';

/** Sortable by start time and readable in a file browser: 20261125-164012-3fa9c1. */
export function newSessionId(now = new Date()): string {
  const iso = now.toISOString();
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
