import type { EventDraft, StreamFormat } from '../../src-shared/models';
import { scanArgs } from './argv';

/** The flags (codex: the `resume` subcommand) that make a run continue an earlier session. */
export const RESUME_FLAGS: Readonly<Record<StreamFormat, readonly string[]>> = {
  'claude-stream-json': ['--resume', '-r', '--continue', '-c'],
  'codex-exec-json': ['resume'],
  'gemini-stream-json': ['--resume', '-r'],
};

/** The session the argv resumes: its id, '' when resumed without one (claude --continue), null when fresh. */
export function resumedIn(format: StreamFormat, args: readonly string[]): string | null {
  const group = scanArgs(format, args).find((g) => g.flag !== null && RESUME_FLAGS[format].includes(g.flag));
  return group ? (group.tokens[1] ?? '') : null;
}

/**
 * The session a relaunch can continue: the one this run announced last, else the one it resumed — among
 * `resumable` when that list is given (see RunObservation.resumableRefs).
 */
export function sessionToResume(
  format: StreamFormat,
  args: readonly string[],
  events: readonly EventDraft[],
  resumable?: readonly string[],
): string | null {
  const announced = events.findLast((e) => e.type === 'session_ref');
  const candidates = [
    announced?.type === 'session_ref' ? announced.payload.ref : null,
    resumedIn(format, args),
  ];
  return candidates.find((ref) => !!ref && (resumable === undefined || resumable.includes(ref))) ?? null;
}

export interface ArgChange {
  addArgs: string[];
  removeArgs: string[];
}

const NONE: ArgChange = { addArgs: [], removeArgs: [] };

/**
 * The argv changes that make a relaunch continue session `ref`, or start fresh when it is null, written the
 * way each adapter writes a resumed run (src-main/agents/<cli>/command.ts): `--resume <id>` for claude and
 * gemini; `resume <id>` after codex's flags and without `-C`, which `exec resume` does not take.
 */
export function resumeChange(
  format: StreamFormat,
  args: readonly string[],
  ref: string | null,
  cwd: string,
): ArgChange {
  const current = resumedIn(format, args);
  const codex = format === 'codex-exec-json';
  if (ref !== null) {
    if (current === ref) return NONE;
    const removeArgs = [...(current !== null ? RESUME_FLAGS[format] : []), ...(codex ? ['-C', '--cd'] : [])];
    return { addArgs: codex ? ['resume', ref] : ['--resume', ref], removeArgs };
  }
  if (current === null) return NONE;
  const hasCd = scanArgs(format, args).some((g) => g.flag === '-C' || g.flag === '--cd');
  return { addArgs: codex && !hasCd && cwd ? ['-C', cwd] : [], removeArgs: [...RESUME_FLAGS[format]] };
}
