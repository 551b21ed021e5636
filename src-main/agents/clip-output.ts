/** Longest tool output an event carries; the raw line keeps all of it (raw.jsonl). */
export const OUTPUT_LIMIT = 4000;
/** Of that, the part kept from the end: where a failing command says why. */
const TAIL = 1000;

/**
 * Tool output can be a whole file or a megabyte of build log. The event keeps a bounded head and tail, so
 * the log, the UI and every subscriber stay small; the raw line in raw.jsonl keeps all of it.
 */
export function clipOutput(text: string): string {
  if (text.length <= OUTPUT_LIMIT) return text;
  // Never cut a surrogate pair in half: the kept text stays valid.
  let head = OUTPUT_LIMIT - TAIL;
  if (isHigh(text.charCodeAt(head - 1))) head -= 1;
  let tail = text.length - TAIL;
  if (isHigh(text.charCodeAt(tail - 1))) tail += 1;
  return `${text.slice(0, head)}\n…[${tail - head} more characters]…\n${text.slice(tail)}`;
}

const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
