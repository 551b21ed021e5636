import { ofType, type EventDraft } from '../../src-shared/models';
import type { RunObservation, RunView } from './types';

// eslint-disable-next-line no-control-regex -- ESC is exactly what is stripped here
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** 124 is `timeout`'s code, 128+n a signal's (137 SIGKILL, 143 SIGTERM) as the recorded cases show. */
const KILLED_CODES = new Set([124, 130, 137, 143]);

const isStart = (event: EventDraft): boolean =>
  event.type === 'session_ref' || (event.type === 'turn' && event.payload.phase === 'started');

/** The facts every catalogue entry asks about a run, computed once. */
export function viewOf(obs: RunObservation): RunView {
  const events = obs.events;
  const results = ofType(events, 'result');
  const lastResult = results.at(-1) ?? null;
  const fatal = ofType(events, 'error').some((e) => e.payload.fatal);
  return {
    obs,
    stderr: obs.stderr.map((line) => line.replace(ANSI, '').trimEnd()),
    stdoutRaw: ofType(events, 'raw').map((e) => e.payload.line),
    lastResult,
    succeeded: obs.exitCode === 0 && obs.signal === null && lastResult?.payload.ok === true && !fatal,
    started: events.some(isStart),
    killed: obs.signal !== null || (obs.exitCode !== null && KILLED_CODES.has(obs.exitCode)),
  };
}
