import type { Event } from '../../src-shared/models';

const WITH_WORKER = ['seq', 'ts', 'sessionId', 'workerId', 'type', 'payload', 'lines'];
const WITHOUT_WORKER = ['seq', 'ts', 'sessionId', 'type', 'payload', 'lines'];

/** The keys are the hub's envelope, in the hub's order (lines last and optional). */
function isEnvelope(keys: string[], withWorker: boolean): boolean {
  const expected = withWorker ? WITH_WORKER : WITHOUT_WORKER;
  if (keys.length !== expected.length && keys.length !== expected.length - 1) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== expected[i]) return false;
  return true;
}

/**
 * An event as its events.jsonl line: exactly JSON.stringify(event), but with the envelope written by hand
 * and only the payload going through the generic serializer — this runs once per event of every session.
 * An event whose keys are not the hub's envelope in the hub's order takes the generic path.
 */
export function eventLine(event: Event): string {
  const line = serialize(event);
  // JSON.stringify writes a lone surrogate as a \udXXX escape, which jq and strict decoders refuse. A
  // well-formed line has no such escape, so this one search is all most lines cost.
  if (!line.includes('\\ud')) return line;
  const repaired = wellFormed(event);
  return repaired === event ? line : serialize(repaired);
}

function serialize(event: Event): string {
  const { seq, ts, sessionId, workerId, type, payload, lines } = event;
  if (
    !isEnvelope(Object.keys(event), workerId !== undefined) ||
    typeof seq !== 'number' ||
    !Number.isFinite(seq) ||
    typeof ts !== 'string' ||
    payload === undefined ||
    (lines === undefined && 'lines' in event)
  ) {
    return JSON.stringify(event);
  }
  let line = `{"seq":${seq},"ts":${JSON.stringify(ts)},"sessionId":${JSON.stringify(sessionId)}`;
  if (workerId !== undefined) line += `,"workerId":${JSON.stringify(workerId)}`;
  line += `,"type":${JSON.stringify(type)},"payload":${JSON.stringify(payload)}`;
  if (lines !== undefined) line += `,"lines":${JSON.stringify(lines)}`;
  return `${line}}`;
}

/** A lone UTF-16 surrogate: a high one without its low half after it, or a low one without its high before it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The event with every lone surrogate in its strings replaced by U+FFFD, and its payload marked
 * `unpairedSurrogates: true` so a reader knows the text was repaired; the event itself when it had none.
 */
function wellFormed(event: Event): Event {
  let replaced = false;
  const repair = (value: unknown): unknown => {
    if (typeof value === 'string') {
      LONE_SURROGATE.lastIndex = 0;
      if (!LONE_SURROGATE.test(value)) return value;
      replaced = true;
      return value.replace(LONE_SURROGATE, '\ufffd');
    }
    if (Array.isArray(value)) return value.map(repair);
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[repair(key) as string] = repair(item);
      return out;
    }
    return value;
  };
  const copy = repair(event) as Event & { payload: unknown };
  if (!replaced) return event;
  if (copy.payload !== null && typeof copy.payload === 'object' && !Array.isArray(copy.payload))
    (copy.payload as Record<string, unknown>).unpairedSurrogates = true;
  return copy;
}
