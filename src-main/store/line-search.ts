import { GrowableList } from './growable-list';
import type { LineIndex } from './line-index';
import { RecentMap } from './recent-map';
import { scanWholeLines } from './scan-whole-lines';

interface Search {
  generation: number;
  /** ASCII queries search the bytes as latin1, where a character is a byte: faster, and no decoding. */
  ascii: boolean;
  pattern: RegExp;
  /** Matching lines (0-based) among those searched, ascending. */
  matches: GrowableList;
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
  private readonly searches: RecentMap<string, Search>;

  constructor(keep = 4) {
    this.searches = new RecentMap(keep);
  }

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
    if (!search || search.generation !== index.generation) {
      const ascii = isAscii(needle);
      search = {
        generation: index.generation,
        ascii,
        pattern: new RegExp(escapeRegExp(needle), ascii ? 'gi' : 'giu'),
        matches: new GrowableList(Uint32Array, 1024),
        searched: 0,
        line: 0,
        running: Promise.resolve(),
      };
      this.searches.set(key, search);
    }
    return search;
  }
}

/** Searches the complete lines appended since the last time. */
async function extend(search: Search, index: LineIndex): Promise<void> {
  await scanWholeLines(index.path, search.searched, index.completeBytes, (chunk, at) =>
    searchChunk(search, index, chunk, at),
  );
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
