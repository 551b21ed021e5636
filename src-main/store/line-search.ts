import { open } from 'node:fs/promises';
import type { LineIndex } from './line-index';

/** Bytes searched per step; between steps the event loop runs. */
const SEARCH_CHUNK = 4 << 20;

/** A growable, ascending list of line numbers. */
class LineList {
  private data = new Uint32Array(1024);
  length = 0;

  push(line: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = line;
  }

  /** Index of the first entry >= line. */
  lowerBound(line: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.data[mid]! < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  slice(from: number, to: number): number[] {
    return Array.from(this.data.subarray(from, Math.min(to, this.length)));
  }
}

interface Search {
  generation: number;
  /** ASCII queries search the bytes as latin1, where a character is a byte: faster, and no decoding. */
  ascii: boolean;
  pattern: RegExp;
  /** Matching lines (0-based) among those searched. */
  matches: LineList;
  /** Bytes searched: always at a line start. */
  searched: number;
  /** The line that starts at `searched`. */
  line: number;
  running: Promise<void>;
}

export interface LineMatches {
  /** Matching lines (0-based) from the first asked for, at most the limit. */
  lines: number[];
  /** Matching lines in the whole file. */
  total: number;
  /** Lines searched: the file's lines when the search ran. */
  searched: number;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// eslint-disable-next-line no-control-regex -- the test for ASCII is exactly this range
const isAscii = (text: string): boolean => /^[\x00-\x7f]*$/.test(text);

/**
 * Case-insensitive search of an indexed text file for the lines that contain a query. The file is read in
 * large steps and never held whole; the lines found are kept per query, so asking again, for the next page
 * or after the file grew, searches only what was appended since. Line numbers come from the file's index:
 * counting every newline up to each match is what a plain scan would spend most of its time on.
 */
export class LineSearcher {
  private readonly searches = new Map<string, Search>();

  constructor(private readonly keep = 4) {}

  async find(index: LineIndex, query: string, first: number, limit: number): Promise<LineMatches> {
    await index.update();
    const needle = query.trim();
    if (needle === '' || needle.includes('\n')) return { lines: [], total: 0, searched: index.lineCount };
    const search = this.searchFor(index, needle);
    const run = search.running.then(() => extend(search, index));
    search.running = run.catch(() => undefined);
    await run;
    const tail = await tailMatches(search, index);
    const from = search.matches.lowerBound(first);
    const lines = search.matches.slice(from, from + limit);
    if (tail !== null && tail >= first && lines.length < limit) lines.push(tail);
    return { lines, total: search.matches.length + (tail === null ? 0 : 1), searched: index.lineCount };
  }

  private searchFor(index: LineIndex, needle: string): Search {
    const key = `${index.path}\n${needle.toLowerCase()}`;
    let search = this.searches.get(key);
    this.searches.delete(key);
    if (!search || search.generation !== index.generation) {
      const ascii = isAscii(needle);
      search = {
        generation: index.generation,
        ascii,
        pattern: new RegExp(escapeRegExp(needle), ascii ? 'gi' : 'giu'),
        matches: new LineList(),
        searched: 0,
        line: 0,
        running: Promise.resolve(),
      };
    }
    this.searches.set(key, search);
    for (const old of this.searches.keys()) {
      if (this.searches.size <= this.keep) break;
      this.searches.delete(old);
    }
    return search;
  }
}

/** Searches the complete lines appended since the last time. */
async function extend(search: Search, index: LineIndex): Promise<void> {
  const target = index.completeBytes;
  if (search.searched >= target) return;
  const handle = await open(index.path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(SEARCH_CHUNK);
    while (search.searched < target) {
      const at = search.searched;
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, target - at), at);
      if (bytesRead === 0) return;
      const whole = buffer.lastIndexOf(0x0a, bytesRead - 1) + 1;
      if (whole === 0) {
        // One line longer than the buffer: read it whole.
        buffer = Buffer.allocUnsafe(buffer.length * 2);
        continue;
      }
      searchChunk(search, index, buffer.subarray(0, whole), at);
    }
  } finally {
    await handle.close();
  }
}

/** Jump over a gap this long between matches with the index rather than counting its newlines. */
const JUMP = 32 * 1024;

/** Finds the matching lines of one chunk of whole lines that starts at byte `at`, line `search.line`. */
function searchChunk(search: Search, index: LineIndex, chunk: Buffer, at: number): void {
  const { ascii, pattern } = search;
  const text = chunk.toString(ascii ? 'latin1' : 'utf8');
  // Latin1 keeps one character per byte, so a position in the text is a byte offset in the file.
  let cursor = 0;
  let line = search.line;
  const lineAt = (position: number): number => {
    if (ascii && position - cursor > JUMP) {
      const [known, start] = index.lineStartBefore(at + position);
      if (start - at > cursor) {
        cursor = start - at;
        line = known;
      }
    }
    for (let nl = text.indexOf('\n', cursor); nl !== -1 && nl < position; nl = text.indexOf('\n', nl + 1))
      line += 1;
    cursor = position;
    return line;
  };
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    search.matches.push(lineAt(match.index));
    // One hit per line is enough: go on at the next line.
    const next = text.indexOf('\n', match.index);
    if (next === -1) break;
    cursor = next + 1;
    line += 1;
    pattern.lastIndex = cursor;
  }
  search.line = lineAt(text.length);
  search.searched = at + chunk.length;
}

/** The unfinished last line is searched every time, since it may still change; null when it does not match. */
async function tailMatches(search: Search, index: LineIndex): Promise<number | null> {
  if (index.lineCount === index.completeLines) return null;
  const [line] = await index.read(index.completeLines, 1);
  if (line === undefined) return null;
  const probe = new RegExp(search.pattern.source, search.pattern.flags.replace('g', ''));
  return probe.test(line) ? index.completeLines : null;
}
