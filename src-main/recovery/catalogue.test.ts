import { describe, expect, it } from 'vitest';
import { StreamFormat } from '../../src-shared/models';
import { CATALOGUE, entriesFor, entryById } from './catalogue';
import { ERROR_CLASSES, type Match } from './types';

const matches = (match: Match | readonly Match[]): readonly Match[] =>
  Array.isArray(match) ? match : [match as Match];

describe('catalogue', () => {
  it('has unique kebab-case ids', () => {
    const ids = CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(entryById('codex-untrusted-directory')?.errorClass).toBe('untrusted_directory');
  });

  it('uses every error class it declares', () => {
    expect(new Set(CATALOGUE.map((e) => e.errorClass))).toEqual(new Set(ERROR_CLASSES));
  });

  it('gives live entries a threshold and evidence that can pile up while the CLI runs', () => {
    const live = CATALOGUE.filter((e) => e.live);
    expect(live.map((e) => e.id)).toEqual([
      'codex-waiting-for-network',
      'gemini-retrying-429',
      'gemini-retrying-5xx',
      'gemini-retrying-fetch',
    ]);
    for (const entry of live) {
      expect(entry.liveThreshold).toBeGreaterThanOrEqual(2);
      for (const match of matches(entry.match)) {
        expect(match.exitCodes).toBeUndefined();
        expect(Boolean(match.stderr) || Boolean(match.event)).toBe(true);
      }
    }
  });

  it('backs off with growing, bounded delays and always resumes', () => {
    for (const { action } of CATALOGUE) {
      if (action.kind !== 'backoff') continue;
      expect(action.baseMs).toBeGreaterThan(0);
      expect(action.maxMs).toBeGreaterThanOrEqual(action.baseMs);
      expect(action.resume).toBe(true);
    }
  });

  it('ends every format with the general entries, in that order', () => {
    for (const format of StreamFormat.options) {
      const ids = entriesFor(format).map((e) => e.id);
      expect(ids.slice(-3)).toEqual(['permission-denied', 'no-result', 'unrecognized-failure']);
      expect(ids.length).toBeGreaterThan(10);
    }
  });
});
