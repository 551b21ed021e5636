import { describe, expect, it } from 'vitest';
import { extractJsonObject } from './extract-json';

describe('extractJsonObject', () => {
  it('reads an object in a ```json fence', () => {
    const text = 'Here is my review.\n\n```json\n{"verdict": "approve", "summary": "ok"}\n```\n';
    expect(extractJsonObject(text, 'verdict')).toEqual({ verdict: 'approve', summary: 'ok' });
  });

  it('reads an object in a bare ``` fence', () => {
    const text = 'Plan:\n```\n{"assignments": [{"agent": "claude"}]}\n```';
    expect(extractJsonObject(text, 'assignments')).toEqual({ assignments: [{ agent: 'claude' }] });
  });

  it('reads bare braces in prose', () => {
    const text = 'After reading it, my answer is {"verdict":"concern","summary":"x"} and that is all.';
    expect(extractJsonObject(text, 'verdict')).toEqual({ verdict: 'concern', summary: 'x' });
  });

  it('returns the outer object, not an object nested inside it', () => {
    const text =
      '{"verdict":"blocker","summary":"s","findings":[{"severity":"high","message":"m","meta":{"verdict":"inner"}}]}';
    const value = extractJsonObject(text, 'verdict') as { verdict: string; findings: unknown[] };
    expect(value.verdict).toBe('blocker');
    expect(value.findings).toHaveLength(1);
  });

  it('finds an object with the key nested in an object without it', () => {
    const text = '{"review": {"verdict": "approve", "summary": "fine"}}';
    expect(extractJsonObject(text, 'verdict')).toEqual({ verdict: 'approve', summary: 'fine' });
  });

  it('ignores braces and quotes inside JSON strings', () => {
    const text = 'Result: {"verdict":"concern","summary":"use {x} and \\"}\\" carefully","findings":[]}';
    expect(extractJsonObject(text, 'verdict')).toEqual({
      verdict: 'concern',
      summary: 'use {x} and "}" carefully',
      findings: [],
    });
  });

  it('skips prose braces that are not JSON, even unclosed ones', () => {
    const text = 'The map { has "a key" and {weird} stuff. Final: {"verdict":"approve","summary":"ok"}';
    expect(extractJsonObject(text, 'verdict')).toEqual({ verdict: 'approve', summary: 'ok' });
  });

  it('returns the last of several objects that have the key', () => {
    const text = [
      'First draft: {"verdict":"approve","summary":"first"}',
      'Unrelated: {"other": 1}',
      '```json\n{"verdict":"blocker","summary":"second"}\n```',
      'And a trailing object without the key: {"note": "done"}',
    ].join('\n');
    expect(extractJsonObject(text, 'verdict')).toEqual({ verdict: 'blocker', summary: 'second' });
  });

  it('reads each brace with its own view of strings, so a stray quote in prose hides nothing', () => {
    const text = 'The reviewer said "hmm {"verdict":"approve","summary":"ok"}';
    expect(extractJsonObject(text, 'verdict')).toEqual({ verdict: 'approve', summary: 'ok' });
  });

  it('finds an object with the key deep inside objects without it', () => {
    const text = `${'{"a":'.repeat(50)}{"verdict":"blocker"}${'}'.repeat(50)}`;
    expect(extractJsonObject(text, 'verdict')).toEqual({ verdict: 'blocker' });
  });

  it('returns null on 300 KB of unclosed objects (one linear scan, no search from every brace)', () => {
    expect(extractJsonObject('{"a":'.repeat(60_000), 'verdict')).toBeNull();
  });

  it('gives up with null, never an answer, when nested candidates would take too long to parse', () => {
    const depth = 40_000;
    const text = `${'{"a":'.repeat(depth)}{"verdict":"approve"}${'}'.repeat(depth)}`;
    expect(extractJsonObject(text, 'verdict')).toBeNull();
  });

  it('returns null for garbage, arrays, and objects without the key', () => {
    expect(extractJsonObject('no json here at all', 'verdict')).toBeNull();
    expect(extractJsonObject('{"verdict": "approve"', 'verdict')).toBeNull();
    expect(extractJsonObject('{verdict: approve}', 'verdict')).toBeNull();
    expect(extractJsonObject('[{"x": 1}]', 'verdict')).toBeNull();
    expect(extractJsonObject('{"summary": "no verdict"}', 'verdict')).toBeNull();
    expect(extractJsonObject('', 'verdict')).toBeNull();
    expect(extractJsonObject('}}}{{{"', 'verdict')).toBeNull();
  });
});
