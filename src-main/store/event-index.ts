import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Event } from '../../src-shared/models';
import { GrowableList } from './growable-list';
import { LineWalker, offsetList } from './line-index';
import { RecentMap } from './recent-map';

/** Members of a list between two remembered ones. */
const STEP = 64;
/** Bytes after a remembered member past which the next member is remembered too, however few came between. */
const GAP = 256 * 1024;
const SCAN_CHUNK = 4 << 20;
/** The start of a line, enough to hold seq, ts, sessionId, workerId and type. */
const PREFIX = 512;
/** `new Date().toISOString()`, as the hub stamps every event. */
const TS_LENGTH = 24;
/** The id of a line that is no event (damaged), or of a name past the 255th. */
export const NO_ID = 255;

/** Key of the events that belong to the session rather than to a worker. */
export const SESSION_KEY = '';

export interface Head {
  seq: number;
  /** The worker, or SESSION_KEY. */
  key: string;
  type: string;
}

/** text.startsWith(part, at), which costs far more per call on a long text than comparing the codes. */
function textAt(text: string, at: number, part: string): boolean {
  for (let i = 0; i < part.length; i++) if (text.charCodeAt(at + i) !== part.charCodeAt(i)) return false;
  return true;
}

const PLAIN_NAME = /^[\w.@+-]*$/;

/**
 * Reads seq, worker and type from the start of an events.jsonl line (chars [start, end) of `text`, the
 * line read as latin1) without parsing it: the hub writes `{"seq":…,"ts":…,"sessionId":…,"workerId":…,
 * "type":…` first, and that layout is read by position. Anything else is parsed as JSON (from `bytes`,
 * where the line is [start, bytesEnd)); a line that is no event (torn or damaged) gives null.
 */
export function readHead(
  text: string,
  start: number,
  end: number,
  bytes: Buffer,
  bytesEnd = end,
): Head | null {
  if (textAt(text, start, '{"seq":')) {
    let at = start + 7;
    let seq = 0;
    for (let c = text.charCodeAt(at); c >= 48 && c <= 57; c = text.charCodeAt(++at)) seq = seq * 10 + c - 48;
    if (
      at > start + 7 &&
      textAt(text, at, ',"ts":"') &&
      textAt(text, at + 7 + TS_LENGTH, '","sessionId":"')
    ) {
      const idEnd = text.indexOf('"', at + 22 + TS_LENGTH);
      let key = SESSION_KEY;
      let typeAt = idEnd + 1;
      if (textAt(text, typeAt, ',"workerId":"')) {
        const workerEnd = text.indexOf('"', typeAt + 13);
        key = workerEnd === -1 || workerEnd > end ? '\u0000' : text.slice(typeAt + 13, workerEnd);
        typeAt = workerEnd + 1;
      }
      // Another key before the type (a writer other than the hub): look a little further.
      if (!textAt(text, typeAt, ',"type":"')) {
        const later = text.indexOf(',"type":"', typeAt);
        typeAt = later !== -1 && later < Math.min(end, typeAt + PREFIX) ? later : -1;
      }
      if (idEnd !== -1 && typeAt !== -1 && PLAIN_NAME.test(key)) {
        const typeEnd = text.indexOf('"', typeAt + 9);
        if (typeEnd !== -1 && typeEnd < end) return { seq, key, type: text.slice(typeAt + 9, typeEnd) };
      }
    }
  }
  try {
    const value = JSON.parse(bytes.toString('utf8', start, bytesEnd)) as Partial<Event>;
    if (typeof value?.seq !== 'number' || typeof value.type !== 'string') return null;
    return { seq: value.seq, key: value.workerId ?? SESSION_KEY, type: value.type };
  } catch {
    return null;
  }
}

/** Small ids for the names of workers and event types, so each line's can be kept in a byte. */
class Names {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      if (this.names.length >= NO_ID) return NO_ID;
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  find(name: string): number | undefined {
    return this.ids.get(name);
  }
}

/** Names past the 255th all get NO_ID, so a line's worker or type id fits in a byte. */
const idList = (): GrowableList => new GrowableList(Uint8Array, 4096);

/** A line whose head reads well but whose body is damaged is left out, as readJsonl does. */
function pushParsed(events: Event[], buffer: Buffer, start: number, end: number): void {
  try {
    events.push(JSON.parse(buffer.toString('utf8', start, end)) as Event);
  } catch {
    // skipped, like any damaged line
  }
}

/** One list of events (all of them, one worker's, or one worker's of one type) and where to find them. */
export class EventList {
  count = 0;
  /** Remembered members: their place in the list, their line (0-based), its offset and their seq. */
  readonly places = offsetList();
  readonly lines = offsetList();
  readonly offsets = offsetList();
  readonly seqs = offsetList();
  private lastOffset = -Infinity;

  add(line: number, offset: number, seq: number): void {
    if (this.count % STEP === 0 || offset - this.lastOffset > GAP) {
      this.places.push(this.count);
      this.lines.push(line);
      this.offsets.push(offset);
      this.seqs.push(seq);
      this.lastOffset = offset;
    }
    this.count += 1;
  }
}

export interface EventPage {
  /** 0-based place in the list of the first event returned. */
  first: number;
  events: Event[];
  /** Events in the list. */
  total: number;
}

/** Which lines belong to a list: a worker (by id) and an event type (by id, or any). */
export interface Membership {
  key: number;
  type: number | null;
}

/**
 * An index of a session's events.jsonl, so any page of it can be read without reading what comes before:
 * by seq (reading back a range for a late subscriber) and by place in one worker's log, whole or of one
 * event type (the log view's pages and searches). Per line it keeps its worker and type in two bytes; per
 * list, where every STEP-th member starts and any member far from the last one remembered, so reaching any
 * member reads at most STEP members and GAP bytes of others. It grows with the file; a file replaced or cut
 * short is indexed anew. About 2 MB for a million events.
 */
export class EventIndex {
  private names = new Names();
  private everything = new EventList();
  /** Per worker id: its whole log, then per type id its events of that type. */
  private keyLists = new Map<number, EventList>();
  private typeLists = new Map<number, EventList>();
  /** Worker and type id of every complete line. */
  private keyIds = idList();
  private typeIds = idList();
  /** Just after the last complete line indexed. */
  private end = 0;
  private size = 0;
  private identity: string | null = null;
  generation = 0;

  constructor(readonly path: string) {}

  /** Events in one worker's log (SESSION_KEY: the session's own), of one type or all; null: every event. */
  count(key: string | null, type: string | null = null): number {
    return (key === null ? this.everything : this.listOf(key, type))?.count ?? 0;
  }

  /** Event counts per type in one worker's log. */
  typeCounts(key: string): Record<string, number> {
    const counts: Record<string, number> = {};
    const keyId = this.names.find(key);
    if (keyId === undefined) return counts;
    for (const [id, list] of this.typeLists)
      if (id >> 8 === keyId) counts[this.names.names[id & 255]!] = list.count;
    return counts;
  }

  /** How a list's members are told: undefined when the log has no such worker or type. */
  membership(key: string, type: string | null): Membership | undefined {
    const keyId = this.names.find(key);
    const typeId = type === null ? null : this.names.find(type);
    if (keyId === undefined || typeId === undefined) return undefined;
    return { key: keyId, type: typeId };
  }

  /** One worker's log (SESSION_KEY: the session's own), whole or of one type. */
  listOf(key: string, type: string | null): EventList | undefined {
    const member = this.membership(key, type);
    if (!member) return undefined;
    return member.type === null
      ? this.keyLists.get(member.key)
      : this.typeLists.get((member.key << 8) | member.type);
  }

  /** The names of the types of event the log has, by id. */
  typeName(id: number): string | undefined {
    return this.names.names[id];
  }

  isMember(line: number, member: Membership): boolean {
    return (
      this.keyIds.at(line) === member.key && (member.type === null || this.typeIds.at(line) === member.type)
    );
  }

  typeIdOf(line: number): number {
    return this.typeIds.at(line);
  }

  /** Members of `list` in lines before `line`: from its nearest remembered member, counting the rest. */
  placeOf(list: EventList, member: Membership, line: number): number {
    const k = list.lines.floor(line - 1);
    if (k < 0) return 0;
    let place = list.places.at(k);
    for (let i = list.lines.at(k); i < line; i++) if (this.isMember(i, member)) place += 1;
    return place;
  }

  /** Just after the last complete line indexed. */
  get indexedBytes(): number {
    return this.end;
  }

  get indexedLines(): number {
    return this.keyIds.length;
  }

  async update(): Promise<void> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.reset(null);
      throw error;
    }
    try {
      this.begin(await handle.stat());
      let buffer = Buffer.allocUnsafe(SCAN_CHUNK);
      while (this.end < this.size) {
        const at = this.end;
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, this.size - at), at);
        if (bytesRead === 0) break;
        // Another update may have indexed these bytes while this one waited for them.
        if (this.end !== at || this.consume(buffer.subarray(0, bytesRead), at)) continue;
        if (bytesRead < buffer.length) break;
        buffer = Buffer.allocUnsafe(buffer.length * 2);
      }
    } finally {
      await handle.close();
    }
  }

  updateSync(): void {
    let fd;
    try {
      fd = openSync(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.reset(null);
      throw error;
    }
    try {
      this.begin(fstatSync(fd));
      let buffer = Buffer.allocUnsafe(SCAN_CHUNK);
      while (this.end < this.size) {
        const bytesRead = readSync(fd, buffer, 0, Math.min(buffer.length, this.size - this.end), this.end);
        if (bytesRead === 0) break;
        if (!this.consume(buffer.subarray(0, bytesRead), this.end)) {
          if (bytesRead < buffer.length) break;
          buffer = Buffer.allocUnsafe(buffer.length * 2);
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Events with fromSeq <= seq <= toSeq, in order; at most `limit`. */
  rangeSync(fromSeq: number, toSeq: number, limit = Infinity): Event[] {
    this.updateSync();
    const list = this.everything;
    if (fromSeq > toSeq || list.count === 0) return [];
    const k = Math.max(0, list.seqs.floor(fromSeq));
    const events: Event[] = [];
    const walker = new LineWalker(list.offsets.at(k), this.end, (buffer, start, end) => {
      const text = buffer.toString('latin1', start, Math.min(end, start + PREFIX));
      const head = readHead(text, 0, text.length, buffer.subarray(start, end), end - start);
      if (!head) return true;
      if (head.seq > toSeq) return false;
      if (head.seq >= fromSeq) pushParsed(events, buffer, start, end);
      return events.length < limit;
    });
    const fd = openSync(this.path, 'r');
    try {
      walker.runSync(fd);
    } finally {
      closeSync(fd);
    }
    return events;
  }

  /** Events [first, first + count) of one worker's log (SESSION_KEY: the session's), of one type or all. */
  async page(key: string, type: string | null, first: number, count: number): Promise<EventPage> {
    await this.update();
    const list = this.listOf(key, type);
    const member = this.membership(key, type);
    const total = list?.count ?? 0;
    const events: Event[] = [];
    const last = Math.min(total, first + count);
    if (!list || !member || first >= last) return { first, events, total };
    const k = Math.max(0, list.places.floor(first));
    let place = list.places.at(k);
    let line = list.lines.at(k);
    const walker = new LineWalker(list.offsets.at(k), this.end, (buffer, start, end) => {
      if (!this.isMember(line++, member)) return true;
      if (place >= first) pushParsed(events, buffer, start, end);
      place += 1;
      return place < last;
    });
    const handle = await open(this.path, 'r');
    try {
      await walker.run(handle);
    } finally {
      await handle.close();
    }
    return { first, events, total };
  }

  private begin(stats: Stats): void {
    const identity = `${stats.dev}:${stats.ino}`;
    if (identity !== this.identity || stats.size < this.end) this.reset(identity);
    this.size = stats.size;
  }

  private reset(identity: string | null): void {
    if (this.identity !== null || this.everything.count > 0) this.generation += 1;
    this.identity = identity;
    this.names = new Names();
    this.everything = new EventList();
    this.keyLists = new Map();
    this.typeLists = new Map();
    this.keyIds = idList();
    this.typeIds = idList();
    this.end = 0;
    this.size = 0;
  }

  private add(head: Head, line: number, offset: number): void {
    const keyId = this.names.id(head.key);
    const typeId = this.names.id(head.type);
    if (keyId === NO_ID || typeId === NO_ID) return this.skip();
    this.keyIds.push(keyId);
    this.typeIds.push(typeId);
    this.everything.add(line, offset, head.seq);
    let all = this.keyLists.get(keyId);
    if (!all) this.keyLists.set(keyId, (all = new EventList()));
    all.add(line, offset, head.seq);
    const pair = (keyId << 8) | typeId;
    let typed = this.typeLists.get(pair);
    if (!typed) this.typeLists.set(pair, (typed = new EventList()));
    typed.add(line, offset, head.seq);
  }

  /** A line that is no event still has its place among the lines. */
  private skip(): void {
    this.keyIds.push(NO_ID);
    this.typeIds.push(NO_ID);
  }

  /** Indexes the complete lines of a chunk that starts at `at`; false when it held no whole line. */
  private consume(chunk: Buffer, at: number): boolean {
    const whole = chunk.lastIndexOf(0x0a) + 1;
    if (whole === 0) return false;
    const text = chunk.toString('latin1', 0, whole);
    for (let start = 0; start < whole;) {
      const nl = text.indexOf('\n', start);
      const head = readHead(text, start, nl, chunk);
      if (head) this.add(head, this.keyIds.length, at + start);
      else this.skip();
      start = nl + 1;
    }
    this.end = at + whole;
    return true;
  }
}

const KEEP_INDEXES = 16;
const indexes = new RecentMap<string, EventIndex>(KEEP_INDEXES);

/** The index of one events.jsonl, shared by everything that reads it, kept for the files read lately. */
export function eventIndexOf(path: string): EventIndex {
  let index = indexes.get(path);
  if (!index) indexes.set(path, (index = new EventIndex(path)));
  return index;
}
