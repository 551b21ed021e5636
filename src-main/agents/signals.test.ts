import { describe, expect, it } from 'vitest';
import { extractSignals, parseJsonObject } from './signals';

describe('extractSignals', () => {
  it('turns protocol lines into events with their summaries', () => {
    const text =
      'Working on it.\nMILESTONE: limiter + tests\nBLOCKER: no access to db\nREVIEW_REQUEST: check api';
    expect(extractSignals(text)).toEqual([
      { type: 'MILESTONE', payload: { summary: 'limiter + tests' } },
      { type: 'BLOCKER', payload: { summary: 'no access to db' } },
      { type: 'REQUEST_REVIEW', payload: { summary: 'check api' } },
    ]);
  });

  it('accepts markdown decoration but not words before the keyword', () => {
    expect(extractSignals('**MILESTONE:** done**').map((e) => e.payload)).toEqual([{ summary: 'done' }]);
    expect(extractSignals('- MILESTONE: bullet')).toHaveLength(1);
    expect(extractSignals('I will print MILESTONE: later')).toEqual([]);
    expect(extractSignals('milestone: lowercase is prose')).toEqual([]);
  });
});

describe('parseJsonObject', () => {
  it('returns objects and null for everything else', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonObject('[1]')).toBeNull();
    expect(parseJsonObject('{"a":')).toBeNull();
    expect(parseJsonObject('Reading additional input from stdin...')).toBeNull();
  });
});
