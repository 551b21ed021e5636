import { describe, expect, it } from 'vitest';
import { parseVerdict } from './verdict';

describe('parseVerdict', () => {
  it('reads a valid verdict with findings', () => {
    const text = `I reviewed it.\n\`\`\`json\n${JSON.stringify({
      verdict: 'concern',
      summary: 'no burst test',
      findings: [
        { severity: 'medium', file: 'src/limiter.ts', line: 12, message: 'untested', suggestion: 'add one' },
      ],
    })}\n\`\`\``;
    expect(parseVerdict(text)).toEqual({
      verdict: 'concern',
      summary: 'no burst test',
      findings: [
        { severity: 'medium', file: 'src/limiter.ts', line: 12, message: 'untested', suggestion: 'add one' },
      ],
    });
  });

  it('normalizes the case of the verdict and of severities', () => {
    const text = '{"verdict":"Approve","summary":"fine","findings":[{"severity":"LOW","message":"nit"}]}';
    expect(parseVerdict(text)).toEqual({
      verdict: 'approve',
      summary: 'fine',
      findings: [{ severity: 'low', message: 'nit' }],
    });
    expect(parseVerdict('{"verdict":" BLOCKER ","summary":"broken"}')?.verdict).toBe('blocker');
  });

  it('defaults missing findings to none and drops null optional fields', () => {
    expect(parseVerdict('{"verdict":"approve","summary":"ok"}')).toEqual({
      verdict: 'approve',
      summary: 'ok',
      findings: [],
    });
    const text =
      '{"verdict":"blocker","summary":"x","findings":[{"severity":"high","file":null,"line":null,"message":"m"}]}';
    expect(parseVerdict(text)?.findings).toEqual([{ severity: 'high', message: 'm' }]);
  });

  it('returns null for anything invalid rather than guessing', () => {
    expect(parseVerdict('Looks good to me, approve!')).toBeNull();
    expect(parseVerdict('{"verdict":"lgtm","summary":"ok"}')).toBeNull();
    expect(parseVerdict('{"verdict":"approve"}')).toBeNull();
    expect(parseVerdict('{"verdict":"approve","summary":"ok","findings":"none"}')).toBeNull();
    expect(
      parseVerdict('{"verdict":"concern","summary":"x","findings":[{"severity":"urgent","message":"m"}]}'),
    ).toBeNull();
    expect(parseVerdict('{"verdict":null,"summary":"x"}')).toBeNull();
  });
});
