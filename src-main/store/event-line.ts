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
