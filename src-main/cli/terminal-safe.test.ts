/* eslint-disable no-control-regex -- finding control characters is what this file is about */
import { describe, expect, it } from 'vitest';
import { jsonTerminalSafe, terminalSafe } from './terminal-safe';

describe('terminalSafe', () => {
  it.each([
    ['window title (OSC 0, BEL)', 'a\x1b]0;title\x07b', 'ab'],
    ['clipboard write (OSC 52, ST)', 'a\x1b]52;c;cm0gLXJm\x1b\\b', 'ab'],
    ['an unterminated OSC swallows the rest', 'a\x1b]0;title to the end', 'a'],
    ['clear screen and cursor home', 'a\x1b[2J\x1b[Hb', 'ab'],
    ['colours and private modes', '\x1b[1;31mred\x1b[0m \x1b[?1049h', 'red '],
    ['charset switch and reset', 'a\x1b(0b\x1bcc', 'abc'],
    ['8-bit CSI and OSC', 'a\x9b2Jb\x9d0;t\x07c', 'abc'],
    ['carriage return, backspace, bell, DEL, NUL', 'a\rb\x08c\x07d\x7fe\x00f', 'abcdef'],
    ['bidirectional overrides', 'a\u202eb\u2066c', 'abc'],
  ])('removes %s', (_name, text, safe) => {
    expect(terminalSafe(text)).toBe(safe);
  });

  it('keeps tabs, newlines and every printable character, accents and emoji included', () => {
    const text = 'tab\there\nnext line — café 日本 🚀 [ok] ~$';
    expect(terminalSafe(text)).toBe(text);
  });
});

describe('jsonTerminalSafe', () => {
  it('escapes C1 controls, which JSON.stringify leaves raw, and reads back the same value', () => {
    const value = { text: 'a\x9b2J\x9d0;t\x07 é' };
    const json = jsonTerminalSafe(JSON.stringify(value));
    expect(json).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
