import { posix } from 'node:path';
import type { EventDraft } from '../../src-shared/models';
import { SHELL_TOOLS, WRITE_TOOLS } from './guard-rules';
import type { Subjects } from './guard-match';
import { invocationsOf } from './invocations';

type Json = Record<string, unknown>;

const rec = (value: unknown): Json | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;

/** A command given as argv (["bash", "-lc", "…"]) read back as one line. */
function commandLine(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return value
      .map((arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`))
      .join(' ');
  }
  return null;
}

/** What an event asks to run (the scripts as written) or write, before any shell parsing. */
export interface RawSubjects {
  scripts: string[];
  writes: Subjects['writes'];
}

/**
 * What an event asks to run or write. The same command shows up as a tool_use and again as a `command`
 * (started, then finished); only the start is read, and the stateful guard drops the repeat.
 */
export function subjectsOf(event: EventDraft, worktree: string, home: string): Subjects {
  return parseSubjects(rawSubjectsOf(event, worktree), worktree, home);
}

/** The scripts of raw subjects read as shell. */
export function parseSubjects(raw: RawSubjects, worktree: string, home: string): Subjects {
  return { shell: raw.scripts.map((script) => invocationsOf(script, worktree, home)), writes: raw.writes };
}

const NOTHING = Object.freeze({
  scripts: Object.freeze([]),
  writes: Object.freeze([]),
}) as unknown as RawSubjects;

/** The scripts and written paths of an event, cheap to take: most events have none. */
export function rawSubjectsOf(event: EventDraft, worktree: string): RawSubjects {
  // Most events (messages, results, usage…) show the guard nothing: answered without allocating.
  if (event.type !== 'tool_use' && event.type !== 'command' && event.type !== 'file_change') return NOTHING;
  const scripts: string[] = [];
  const writes: Subjects['writes'] = [];
  const written = (path: unknown, via: string): void => {
    if (typeof path !== 'string' || path === '') return;
    writes.push({ path: posix.resolve(worktree, path), evidence: `${via} ${path}` });
  };
  if (event.type === 'tool_use') {
    const { name, input } = event.payload;
    const fields = rec(input);
    if (SHELL_TOOLS.has(name)) {
      const line = commandLine(fields?.command);
      if (line !== null) scripts.push(line);
    }
    for (const key of WRITE_TOOLS[name] ?? []) written(fields?.[key], name);
    if (name === 'apply_patch' && Array.isArray(fields?.changes)) {
      for (const change of fields.changes) written(rec(change)?.path, name);
    }
  } else if (event.type === 'command' && event.payload.status === 'started') {
    scripts.push(event.payload.command);
  } else if (event.type === 'file_change') {
    written(event.payload.path, `${event.payload.kind}`);
  }
  return { scripts, writes };
}
