import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateToken, serverTokenPath, tokensMatch } from './token';

const temp: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'orchestrator-token-'));
  temp.push(dir);
  return join(dir, 'Orchestrator');
};
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the server token', () => {
  it('is created once, user-only, in the app data folder, and then reused', () => {
    const dir = dataDir();
    const token = loadOrCreateToken(dir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const path = serverTokenPath(dir);
    expect(path).toBe(join(dir, 'server-token'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, 'utf8').trim()).toBe(token);
    expect(loadOrCreateToken(dir)).toBe(token);
    expect(loadOrCreateToken(dataDir())).not.toBe(token);
  });

  it('tightens a token file others could read and replaces one without a valid token', () => {
    const dir = dataDir();
    const token = loadOrCreateToken(dir);
    chmodSync(serverTokenPath(dir), 0o644);
    expect(loadOrCreateToken(dir)).toBe(token);
    expect(statSync(serverTokenPath(dir)).mode & 0o777).toBe(0o600);

    writeFileSync(serverTokenPath(dir), 'short\n', { mode: 0o644 });
    const replaced = loadOrCreateToken(dir);
    expect(replaced).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(serverTokenPath(dir)).mode & 0o777).toBe(0o600);
  });

  it('matches only the exact token', () => {
    const token = 'a'.repeat(43);
    expect(tokensMatch(token, token)).toBe(true);
    for (const given of ['', null, undefined, 'a'.repeat(42), `${token}a`, 'A'.repeat(43)]) {
      expect(tokensMatch(given, token)).toBe(false);
    }
  });
});
