import type { Event } from '../../src-shared/models';
import { describeEntry } from '../../src-shared/log/describe-entry';
import { entryMatches, readsEveryEvent, searchNeedle, SHOWN_WHOLE } from '../../src-shared/log/entry-search';
import type { EventIndex, EventList, Membership } from './event-index';
import { RecentMap } from './recent-map';
import { scanWholeLines } from './scan-whole-lines';

export interface EventMatches {
  /** 0-based places in the log of the events that match, from the first asked for, at most the limit. */
  places: number[];
  total: number;
  /** Events in the log when it was searched. */
  searched: number;
}

interface Search {
  generation: number;
  key: string;
  type: string | null;
  needle: string;
  /** The needle as a stored line holds it (JSON-escaped, UTF-8 read as latin1), in any ASCII case. */
  stored: RegExp;
  /** The needle JSON-escaped, when it is ASCII: a hit of exactly this inside a field shown whole is sure. */
  plain: string | null;
  /** Per type id: 1 when every event of the type is read, not only those whose line holds the needle. */
  everyOfType: Int8Array;
  places: number[];
  /** Bytes searched, up to a line start, and the line that starts there. */
  searched: number;
  line: number;
  running: Promise<void>;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const latin1Of = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

/**
 * The needle as the bytes of a stored line hold it: JSON-escaped, in both cases of its letters, and with
 * any run of whitespace standing for a run of spaces or escaped line breaks and tabs (a line the view
 * shows has its whitespace folded).
 */
function storedPattern(needle: string): RegExp {
  const form = (text: string): string =>
    text
      .split(/\s+/)
      .map((word) => escapeRegExp(latin1Of(JSON.stringify(word).slice(1, -1))))
      .join('(?: |\\\\[nrt])+');
  const forms = new Set([needle, needle.toUpperCase(), needle.toLowerCase()].map(form));
  return new RegExp([...forms].join('|'), 'gi');
}

/**
 * Searches one log of a stored session (a worker's, or the session's own; all events or one type) for
 * the events whose line or details, as the log view words them, contain the query. The file is scanned
 * for the query as stored; only the lines that hold it are parsed and worded, and every event of a type
 * whose added words could hold it (see readsEveryEvent). The index tells each line's worker and type and
 * each match's place in the log. Results are kept per query and extended as the log grows.
 */
export class EventSearcher {
  private readonly searches: RecentMap<string, Search>;

  constructor(keep = 4) {
    this.searches = new RecentMap(keep);
  }

  async find(
    index: EventIndex,
    key: string,
    type: string | null,
    query: string,
    first: number,
    limit: number,
  ): Promise<EventMatches> {
    await index.update();
    const needle = searchNeedle(query);
    const searched = index.count(key, type);
    if (needle === '') return { places: [], total: 0, searched };
    const search = this.searchFor(index, key, type, needle);
    const run = search.running.then(() => extend(search, index));
    search.running = run.catch(() => undefined);
    await run;
    let from = 0;
    for (let hi = search.places.length; from < hi;) {
      const mid = (from + hi) >>> 1;
      if (search.places[mid]! < first) from = mid + 1;
      else hi = mid;
    }
    return { places: search.places.slice(from, from + limit), total: search.places.length, searched };
  }

  private searchFor(index: EventIndex, key: string, type: string | null, needle: string): Search {
    const id = `${index.path}\n${key}\n${type ?? ''}\n${needle}`;
    let search = this.searches.get(id);
    if (!search || search.generation !== index.generation) {
      search = {
        generation: index.generation,
        key,
        type,
        needle,
        stored: storedPattern(needle),
        // eslint-disable-next-line no-control-regex -- ASCII is exactly this range
        plain: /^[\x00-\x7f]*$/.test(needle) ? JSON.stringify(needle).slice(1, -1) : null,
        everyOfType: new Int8Array(256).fill(-1),
        places: [],
        searched: 0,
        line: 0,
        running: Promise.resolve(),
      };
      this.searches.set(id, search);
    }
    return search;
  }
}

async function extend(search: Search, index: EventIndex): Promise<void> {
  const list = index.listOf(search.key, search.type);
  const member = index.membership(search.key, search.type);
  if (!list || !member) return;
  await scanWholeLines(index.path, search.searched, index.indexedBytes, (chunk, at) => {
    searchChunk(search, index, list, member, chunk);
    search.searched = at + chunk.length;
  });
}

let starts = new Int32Array(64 * 1024);

/**
 * Whether a hit is surely a match without reading its event: the needle exactly (no whitespace stood in
 * for), inside the stored string value of the field its type shows whole, and not starting inside an
 * escape sequence (the "n" of a \n).
 */
function shownWhole(
  search: Search,
  typeId: number,
  index: EventIndex,
  text: string,
  hit: RegExpExecArray,
): boolean {
  const field = SHOWN_WHOLE[index.typeName(typeId) as keyof typeof SHOWN_WHOLE];
  if (!field || search.plain === null || hit[0].toLowerCase() !== search.plain) return false;
  let slashes = 0;
  while (text.charCodeAt(hit.index - 1 - slashes) === 0x5c) slashes += 1;
  if (slashes % 2 === 1) return false;
  const value = text.lastIndexOf('":"', hit.index);
  if (value < 0 || text.indexOf('"', value + 3) < hit.index) return false;
  return text.startsWith(`"${field}`, value - field.length - 1);
}

/** Finds the matching events of one chunk of whole lines, which starts at line `search.line`. */
function searchChunk(
  search: Search,
  index: EventIndex,
  list: EventList,
  member: Membership,
  chunk: Buffer,
): void {
  const text = chunk.toString('latin1');
  // Where each line of the chunk starts (in a latin1 text, a character is a byte).
  let lines = 0;
  for (let at = 0; at < text.length; at = text.indexOf('\n', at) + 1) {
    if (lines + 1 >= starts.length) {
      const bigger = new Int32Array(starts.length * 2);
      bigger.set(starts);
      starts = bigger;
    }
    starts[lines++] = at;
  }
  starts[lines] = text.length;
  const first = search.line;

  // The lines to read: those of the log that hold the needle as stored, and every one of a type whose
  // added words could hold it. In order, each once.
  const candidates: number[] = [];
  const every = (typeId: number): boolean => {
    const known = search.everyOfType[typeId]!;
    if (known !== -1) return known === 1;
    const reads = readsEveryEvent(index.typeName(typeId) ?? '', search.needle);
    search.everyOfType[typeId] = reads ? 1 : 0;
    return reads;
  };
  const { stored } = search;
  stored.lastIndex = 0;
  let hit = stored.exec(text);
  for (let i = 0; i < lines; i++) {
    const line = first + i;
    if (hit && hit.index < starts[i + 1]!) {
      if (index.isMember(line, member))
        candidates.push(shownWhole(search, index.typeIdOf(line), index, text, hit) ? -1 - i : i);
      stored.lastIndex = starts[i + 1]!;
      hit = stored.exec(text);
      continue;
    }
    if (index.isMember(line, member) && every(index.typeIdOf(line))) candidates.push(i);
  }

  let place = -1;
  let placeLine = 0;
  for (const candidate of candidates) {
    // A sure match comes as -1 - i; any other is parsed and worded to tell.
    const i = candidate < 0 ? -1 - candidate : candidate;
    const line = first + i;
    if (candidate >= 0) {
      let event: Event;
      try {
        event = JSON.parse(chunk.toString('utf8', starts[i]!, starts[i + 1]! - 1)) as Event;
      } catch {
        continue;
      }
      if (!entryMatches(describeEntry(event), search.needle)) continue;
    }
    // Places count on from the last one; a far line is placed from the list's nearest remembered member.
    if (place < 0 || line - placeLine > 4_096) place = index.placeOf(list, member, line);
    else for (let j = placeLine; j < line; j++) if (index.isMember(j, member)) place += 1;
    placeLine = line;
    search.places.push(place);
  }
  search.line = first + lines;
}
