/**
 * Longest stdout line kept in memory, in UTF-16 code units (16 MiB of string). Claude's tool results carry
 * whole files, so a few MB per line is normal; a line beyond this is a runaway, and its rest goes to disk.
 */
export const DEFAULT_MAX_LINE_CHARS = 8 * 1024 * 1024;

export interface CappedLine {
  /** At most `max` code units; what the parser reads. */
  line: string;
  /** What was cut off, for the caller to keep on disk; null when the line fit. */
  overflow: string | null;
}

/**
 * Cuts a line to at most `max` UTF-16 code units without splitting a surrogate pair, so the kept head
 * stays valid text (an emoji at the cut moves whole into the overflow). head + overflow is always the
 * original line.
 */
export function capLine(line: string, max: number): CappedLine {
  const limit = Math.max(0, Math.floor(max));
  if (line.length <= limit) return { line, overflow: null };
  let cut = limit;
  if (cut > 0 && isHighSurrogate(line.charCodeAt(cut - 1)) && isLowSurrogate(line.charCodeAt(cut))) cut--;
  return { line: line.slice(0, cut), overflow: line.slice(cut) };
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
