import { describe, expect, it } from 'vitest';
import { lineOf, locateJsonPath } from './locate-json-path';

const text = `{
  "agents": { "claude": { "command": "claude", "args": ["--verbose", "-x"] } },
  "limits": { "cpuPercent": 400 }
}`;

const at = (path: (string | number)[]) => {
  const span = locateJsonPath(text, path);
  return span ? text.slice(span.start, span.end) : null;
};

describe('locateJsonPath', () => {
  it('finds the value at a field path, through objects and arrays', () => {
    expect(at(['limits', 'cpuPercent'])).toBe('400');
    expect(at(['agents', 'claude', 'args', 1])).toBe('"-x"');
    expect(at(['agents', 'claude', 'command'])).toBe('"claude"');
  });

  it('points at the nearest existing parent for a missing field, and at the whole text for []', () => {
    expect(at(['limits', 'memoryMb'])).toBe('{ "cpuPercent": 400 }');
    expect(at([])).toBe(text);
  });

  it('gives null for text that is not JSON, and lines are 1-based', () => {
    expect(locateJsonPath('{ "a": ', ['a'])).toBeNull();
    expect(lineOf(text, text.indexOf('"limits"'))).toBe(3);
  });
});
