/* eslint-disable no-control-regex -- finding control characters is what this file is about */
/**
 * What an agent wrote, made safe to print on a terminal. A terminal obeys escape sequences in anything it
 * is given: an assistant message could set the window title (OSC 0), write the user's clipboard (OSC 52),
 * clear the screen, move the cursor to overwrite earlier lines, or, as binary garbage, switch the character
 * set and leave the terminal unreadable. The files keep the agent's bytes; only what is printed is cleaned.
 */

// String commands (OSC, DCS, SOS, PM, APC) run to BEL or ST; an unterminated one swallows the rest, since
// a terminal would too. 8-bit C1 introducers (U+0090, U+0098, U+009D…) are the same commands in one char.
const STRING_COMMAND = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?/g;
// CSI: parameters and intermediates, then one final byte (cursor moves, clear screen, colours, modes).
const CSI = /(?:\x1b\[|\x9b)[\x20-\x3f]*[\x40-\x7e]?/g;
// Every other escape: ESC, intermediates, a final byte (charset switches, reset, keypad modes…).
const OTHER_ESCAPE = /\x1b[\x20-\x2f]*[\x30-\x7e]?/g;
// Left over: C0 controls but tab and newline (a carriage return overwrites the line, a backspace erases),
// DEL, C1 controls, and the bidirectional overrides that make a line read differently from its bytes.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const ANY_UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

/** `text` without control sequences and non-printable characters; tabs and newlines stay. */
export function terminalSafe(text: string): string {
  // Most lines hold nothing to remove: one scan, no copy.
  if (!ANY_UNSAFE.test(text)) return text;
  return text.replace(STRING_COMMAND, '').replace(CSI, '').replace(OTHER_ESCAPE, '').replace(CONTROL, '');
}

const C1 = /[\x80-\x9f]/g;
const ANY_C1 = /[\x80-\x9f]/;

/**
 * JSON text with C1 controls written as `\u0080`…`\u009f` escapes: JSON.stringify escapes C0 controls but
 * leaves C1 as they are, and some terminals take U+009B as a CSI. The value read back is the same.
 */
export function jsonTerminalSafe(json: string): string {
  if (!ANY_C1.test(json)) return json;
  return json.replace(C1, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
