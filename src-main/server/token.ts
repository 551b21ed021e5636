import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appDataDir } from '../store/paths';

const TOKEN_FILE = 'server-token';
/** 32 random bytes, base64url: unguessable, and safe in a URL fragment, a query and a header. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const serverTokenPath = (dataDir: string = appDataDir()): string => join(dataDir, TOKEN_FILE);

/**
 * The install's API token, created on first use. The file is user-only (0600) because whoever reads it
 * controls the agents; a file that lost those permissions is tightened, one that holds no valid token is
 * replaced.
 */
export function loadOrCreateToken(dataDir: string = appDataDir()): string {
  const path = serverTokenPath(dataDir);
  const existing = readToken(path);
  if (existing !== null) {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return existing;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  try {
    // 'wx' fails when the file exists: another process may have created it meanwhile.
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const raced = readToken(path);
    if (raced !== null) return raced;
    writeFileSync(path, `${token}\n`, { mode: 0o600 });
  }
  chmodSync(path, 0o600);
  return token;
}

function readToken(path: string): string | null {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return TOKEN_PATTERN.test(text) ? text : null;
  } catch {
    return null;
  }
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Constant-time comparison: both sides are hashed first so neither the content nor the length of the
 * expected token leaks through timing.
 */
export function tokensMatch(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given === '') return false;
  return timingSafeEqual(digest(given), digest(expected));
}
