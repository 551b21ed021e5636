import type { EventDraft } from '../../src-shared/models';
import type { EventMatch, Evidence, Expect, Match, RunView } from './types';

type Facts = Record<string, string>;

const groupsOf = (match: RegExpExecArray): Facts =>
  Object.fromEntries(
    Object.entries(match.groups ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

/** The facts a value yields when it meets the expectation, or null when it does not. */
function expectValue(expected: Expect, value: unknown): Facts | null {
  if (expected instanceof RegExp) {
    if (typeof value !== 'string') return null;
    const match = new RegExp(expected.source, expected.flags.replace('g', '')).exec(value);
    return match ? groupsOf(match) : null;
  }
  if (Array.isArray(expected)) {
    return (expected as readonly unknown[]).includes(value) ? {} : null;
  }
  return value === expected ? {} : null;
}

/** The facts an event yields when it matches, or null. */
function eventFacts(event: EventDraft, match: EventMatch): Facts | null {
  if (event.type !== match.type) return null;
  const payload = event.payload as Record<string, unknown>;
  if (!match.where) return {};
  if (typeof match.where === 'function') return match.where(payload) ? {} : null;
  const facts: Facts = {};
  for (const [key, expected] of Object.entries(match.where)) {
    const found = expectValue(expected, payload[key]);
    if (!found) return null;
    Object.assign(facts, found);
  }
  return facts;
}

/** What a person reads as the evidence of an event: its message, else its output or text. */
function eventText(event: EventDraft): string {
  const payload = event.payload as Record<string, unknown>;
  for (const key of ['message', 'output', 'text', 'line']) {
    const value = payload[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return event.type;
}

function lineHits(lines: readonly string[], pattern: RegExp): Evidence[] {
  const plain = new RegExp(pattern.source, pattern.flags.replace('g', ''));
  return lines.flatMap((line) => {
    const match = plain.exec(line);
    return match ? [{ message: line, facts: groupsOf(match) }] : [];
  });
}

function eventHits(events: readonly EventDraft[], match: EventMatch): Evidence[] {
  return events.flatMap((event) => {
    const facts = eventFacts(event, match);
    return facts ? [{ message: eventText(event), facts, event }] : [];
  });
}

const exitText = (exitCode: number | null, signal: string | null): string =>
  exitCode !== null ? `exit code ${exitCode}` : signal ? `signal ${signal}` : 'no exit status';

/**
 * Every piece of evidence for one match, in run order; empty when any condition fails. The evidence comes
 * from its most telling source: stderr, else the event, else raw stdout.
 */
export function evidenceOf(match: Match, run: RunView): Evidence[] {
  const { obs } = run;
  if (match.exitCodes && (obs.exitCode === null || !match.exitCodes.includes(obs.exitCode))) return [];
  if (match.when && !match.when(run)) return [];
  const sources: Evidence[][] = [];
  if (match.stderr) sources.push(lineHits(run.stderr, match.stderr));
  if (match.event) sources.push(eventHits(obs.events, match.event));
  if (match.stdout) sources.push(lineHits(run.stdoutRaw, match.stdout));
  if (sources.some((hits) => hits.length === 0)) return [];
  const [primary, ...others] = sources;
  if (!primary) return [{ message: exitText(obs.exitCode, obs.signal), facts: {} }];
  // Facts of the secondary sources (their first hit) complete each primary hit.
  const extra = Object.assign({}, ...others.map((hits) => hits[0]?.facts ?? {})) as Facts;
  return primary.map((hit) => ({ ...hit, facts: { ...extra, ...hit.facts } }));
}
