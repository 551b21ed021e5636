import { describe, expect, it } from 'vitest';
import { readCase } from '../../../test/cli-fixtures';
import { httpStatusOf } from './api-error';

const resultError = (name: string): string => {
  const result = JSON.parse(readCase('gemini', name).stdout.trim().split('\n').at(-1) ?? '{}') as {
    error?: { message?: string };
  };
  return result.error?.message ?? '';
};

describe('httpStatusOf', () => {
  it('reads the status from the recorded API errors and retry lines', () => {
    expect(httpStatusOf(resultError('err-http-401'))).toBe(401);
    expect(httpStatusOf(resultError('err-http-429'))).toBe(429);
    const retry = readCase('gemini', 'err-http-429')
      .stderr.split('\n')
      .find((l) => l.startsWith('Attempt 1 '));
    expect(httpStatusOf(retry ?? '')).toBe(429);
  });

  it('gives null when the text names no HTTP status', () => {
    expect(httpStatusOf('[API Error: exception TypeError: fetch failed sending request]')).toBeNull();
    expect(httpStatusOf('Model stream ended without a finish reason.')).toBeNull();
    expect(httpStatusOf('"code": 200')).toBeNull();
  });
});
