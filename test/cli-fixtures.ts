import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { LineParser } from '../src-main/agents/types';
import { EventPayloads, ofType, type EventDraft, type EventType } from '../src-shared/models';

/** Real recorded output of the three CLIs (stdout, stderr, exit code per case). */
export const FIXTURES = join(import.meta.dirname, 'fixtures', 'cli');

export type CliName = 'claude' | 'codex' | 'gemini';

export interface FixtureCase {
  name: string;
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** Every stdout recording of a CLI: its session files and each failure case's stdout. */
export function fixtureStdoutFiles(cli: CliName): string[] {
  const dir = join(FIXTURES, cli);
  const sessions = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => join(dir, f));
  const cases = readdirSync(join(dir, 'cases')).map((c) => join(dir, 'cases', c, 'stdout'));
  return [...sessions, ...cases.filter((f) => existsSync(f))];
}

/** The lines of one recorded file of a CLI (e.g. "session-write.jsonl"), split as a worker splits stdout. */
export const fixtureLines = (cli: CliName, file: string): string[] =>
  splitLines(readFileSync(join(FIXTURES, cli, file), 'utf8'));

export function readCase(cli: CliName, name: string): FixtureCase {
  const dir = join(FIXTURES, cli, 'cases', name);
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
  const code = read('exit_code').trim();
  return {
    name,
    stdout: read('stdout'),
    stderr: read('stderr'),
    exitCode: /^-?\d+$/.test(code) ? Number(code) : null,
  };
}

export function caseNames(cli: CliName): string[] {
  return readdirSync(join(FIXTURES, cli, 'cases')).sort();
}

/** The failure cases in which the CLI printed nothing on stdout: its error went to stderr only. */
export const silentCases = (cli: CliName): string[] =>
  caseNames(cli).filter((name) => readCase(cli, name).stdout === '');

/** Split like the worker does: on \n, dropping only the empty remainder after a final newline. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Feed lines through a parser exactly as a worker would, numbering them from 1. */
export function parseAll(parser: LineParser, lines: readonly string[]): EventDraft[] {
  const out: EventDraft[] = [];
  lines.forEach((line, i) => out.push(...parser.push(line, i + 1)));
  out.push(...parser.end());
  return out;
}

/** Line numbers (1..count) that no event claims in its `lines` range. */
export function uncoveredLines(events: readonly EventDraft[], count: number): number[] {
  const covered = new Set<number>();
  for (const e of events) {
    if (!e.lines) continue;
    for (let n = e.lines.from; n <= e.lines.to; n++) covered.add(n);
  }
  const missing: number[] = [];
  for (let n = 1; n <= count; n++) if (!covered.has(n)) missing.push(n);
  return missing;
}

/** The payloads of the events of one type, in order. */
export const payloads = <K extends EventType>(events: readonly EventDraft[], type: K): EventPayloads[K][] =>
  ofType(events, type).map((e) => e.payload as EventPayloads[K]);

/**
 * What every parser owes every stdout recording of its CLI (sessions and failure cases), as one test per file:
 * a fresh parser reads it without throwing, each line is claimed by an event, each event names its lines and
 * carries a payload its schema accepts. `more` adds the CLI's own checks on the same events.
 */
export function itParsesEveryRecording(
  cli: CliName,
  createParser: () => LineParser,
  more?: (events: EventDraft[]) => void,
): void {
  it.each(fixtureStdoutFiles(cli))('accounts for every line of %s with valid payloads', (file) => {
    const lines = splitLines(readFileSync(file, 'utf8'));
    const events = parseAll(createParser(), lines);
    expect(uncoveredLines(events, lines.length)).toEqual([]);
    for (const event of events) {
      expect(event.lines).toBeDefined();
      expect(() => EventPayloads[event.type].parse(event.payload)).not.toThrow();
    }
    more?.(events);
  });
}
