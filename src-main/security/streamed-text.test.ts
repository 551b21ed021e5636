import { describe, expect, it } from 'vitest';
import { createGeminiParser } from '../agents/gemini/parser';
import { createRedactor, REDACTED } from './redact';
import { StreamedTextMasker } from './streamed-text';

const redact = createRedactor([]);
const key = `sk-ant-api03-${'Q7'.repeat(24)}`;
const line = (value: object): string => JSON.stringify(value);
/** A gemini stream-json assistant fragment, as the real CLI prints it (test/fixtures/cli/gemini). */
const fragment = (content: string): string =>
  line({ type: 'message', timestamp: '2026-11-25T15:32:05.576Z', role: 'assistant', content, delta: true });
const result = line({ type: 'result', timestamp: '2026-11-25T15:32:05.585Z', status: 'success', stats: {} });
const init = line({ type: 'init', timestamp: '2026-11-25T15:32:05.475Z', session_id: 'abc', model: 'auto' });

function run(lines: string[]): string[] {
  const masker = new StreamedTextMasker(redact);
  return [...lines.flatMap((l) => masker.push(l)), ...masker.release()];
}

describe('StreamedTextMasker', () => {
  it('masks a key split across two fragments in the stored lines and in the message the parser joins', () => {
    const input = [init, fragment(`The key is ${key.slice(0, 9)}`), fragment(`${key.slice(9)} ok.`), result];
    const out = run(input);
    expect(out).toHaveLength(input.length);
    const stored = out.join('\n');
    // Not the key whole, and not the half the first line would keep if only the second were masked.
    expect(stored).not.toContain(key.slice(9));
    expect(stored).not.toContain(key.slice(0, 9));
    const parser = createGeminiParser();
    const events = out.flatMap((l, i) => parser.push(l, i + 1));
    const message = events.find((e) => e.type === 'message');
    expect(message?.payload).toEqual({ role: 'assistant', text: `The key is ${REDACTED} ok.` });
  });

  it('gives lines without secrets back as they came, in order, one for one', () => {
    const input = [init, fragment('Created '), fragment('hello.txt.'), result, fragment('more'), 'not json'];
    expect(run(input)).toEqual(input);
  });

  it('holds fragments until the message ends, and lets them go first', () => {
    const masker = new StreamedTextMasker(redact);
    expect(masker.push(fragment('a'))).toEqual([]);
    expect(masker.push(fragment('b'))).toEqual([]);
    expect(masker.size).toBe(2);
    expect(masker.push(result)).toEqual([fragment('a'), fragment('b'), result]);
    expect(masker.size).toBe(0);
  });

  it('masks the other lines at once, decoded', () => {
    const escaped = `{"type":"tool_result","output":"key:\\n${key}"}`;
    const [out] = run([escaped]);
    expect(out).not.toContain(key);
    expect(JSON.parse(out!)).toEqual({ type: 'tool_result', output: `key:\n${REDACTED}` });
  });
});

describe('a private key printed as text lines', () => {
  it('has its body lines masked up to its END line, and the lines after it kept', () => {
    const input = [
      'here it is:',
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi',
      'Z1BjP5CE/Wm/Rr500P+rSVOZp4Rzgk=',
      '-----END RSA PRIVATE KEY----- trailing',
      'after',
    ];
    expect(run([...input.slice(0, -1), `${input.at(-1)!} ${key}`])).toEqual([
      'here it is:',
      REDACTED,
      REDACTED,
      REDACTED,
      `${REDACTED} trailing`,
      `after ${REDACTED}`,
    ]);
  });
});
