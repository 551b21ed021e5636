import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LineParser } from '../src-main/agents/types';
import type { EventDraft } from '../src-shared/models';

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
