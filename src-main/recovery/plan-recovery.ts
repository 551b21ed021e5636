import { statSync } from 'node:fs';
import type { RecoveryAction, StreamFormat } from '../../src-shared/models';
import { insertFlags, removeFlags, sameOptions, scanArgs } from './argv';
import { entryById } from './catalogue';
import type { ArgsTemplate, HintTemplate, KnownError, RunObservation, TemplateContext } from './types';

export interface PlanOptions {
  /** Injected for tests; the default asks the file system. */
  dirExists?: (path: string) => boolean;
}

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** The flags (or codex's `resume` subcommand) that make a run continue an earlier session. */
const RESUME_FLAGS: Readonly<Record<StreamFormat, readonly string[]>> = {
  'claude-stream-json': ['--resume', '-r', '--continue', '-c'],
  'codex-exec-json': ['resume'],
  'gemini-stream-json': ['--resume', '-r'],
};

const wasResuming = (obs: RunObservation): boolean =>
  scanArgs(obs.format, obs.args).some((g) => g.flag !== null && RESUME_FLAGS[obs.format].includes(g.flag));

/** There is a session to continue: this run announced one, or it was itself a resume. */
const canResume = (obs: RunObservation): boolean =>
  obs.events.some((e) => e.type === 'session_ref') || wasResuming(obs);

const hintOf = (hint: HintTemplate | undefined, facts: Record<string, string>): string | undefined =>
  typeof hint === 'function' ? hint(facts) : hint;

const argsOf = (template: ArgsTemplate | undefined, ctx: TemplateContext): readonly string[] | null =>
  template === undefined ? [] : typeof template === 'function' ? template(ctx) : template;

/** The relaunch argv: flags removed with their values, then the new ones put before the prompt. */
export function applyToArgs(
  args: readonly string[],
  action: Pick<RecoveryAction, 'addArgs' | 'removeArgs'>,
  format: StreamFormat,
): string[] {
  return insertFlags(format, removeFlags(format, args, action.removeArgs), action.addArgs);
}

/**
 * Turns a classified failure into what the worker loop does next. `attempt` counts the recoveries already
 * done for this worker. Limits and impossible fixes become `escalate`, so a worker never loops: at most
 * maxRecoveries tries, and never a relaunch that would run the same command line again.
 */
export function planRecovery(
  error: KnownError,
  obs: RunObservation,
  attempt: number,
  maxRecoveries: number,
  options: PlanOptions = {},
): RecoveryAction {
  const entry = entryById(error.id);
  const base = {
    errorId: error.id,
    reason: entry?.summary ?? error.message,
    addArgs: [] as string[],
    removeArgs: [] as string[],
    env: {} as Record<string, string>,
    attempt,
    resume: false,
  };
  const escalate = (reason: string, hint?: string): RecoveryAction => ({
    ...base,
    kind: 'escalate',
    reason,
    ...(hint ? { hint } : {}),
  });
  try {
    if (!entry) return escalate(`unknown catalogue entry "${error.id}": ${error.message}`);
    const template = entry.action;
    const hint = hintOf(template.hint, error.facts);
    const withHint = hint ? { hint } : {};
    if (template.kind === 'setup_required' || template.kind === 'escalate') {
      return { ...base, kind: template.kind, ...withHint };
    }
    if (attempt >= maxRecoveries) {
      return escalate(`${attempt} recoveries already tried; ${entry.summary}`, hint);
    }
    if (template.kind === 'backoff') {
      if (template.escalateAfter !== undefined && attempt >= template.escalateAfter) {
        return escalate(`still failing after ${attempt} waits; ${entry.summary}`, hint);
      }
      const delayMs = Math.round(Math.min(template.maxMs, template.baseMs * 2 ** attempt));
      return {
        ...base,
        kind: 'backoff',
        delayMs,
        resume: canResume(obs),
        attempt: attempt + 1,
        ...withHint,
      };
    }

    const ctx: TemplateContext = { facts: error.facts, args: obs.args, format: obs.format, cwd: obs.cwd };
    const addArgs = argsOf(template.addArgs, ctx);
    const removeArgs = argsOf(template.removeArgs, ctx);
    if (addArgs === null || removeArgs === null) {
      return escalate(`${entry.summary}, but the evidence does not say what to change`, hint);
    }
    if (template.requireDir !== undefined) {
      const dir = error.facts[template.requireDir];
      const exists = options.dirExists ?? isDirectory;
      if (!dir || !exists(dir)) {
        return escalate(`${entry.summary}, but ${dir ?? 'the directory'} does not exist`, hint);
      }
    }
    const before = [...obs.args];
    const change = { addArgs: [...addArgs], removeArgs: [...removeArgs] };
    const after = applyToArgs(before, change, obs.format);
    const changesArgs = addArgs.length > 0 || removeArgs.length > 0;
    if (changesArgs && sameOptions(obs.format, before, after)) {
      return escalate(`${entry.summary}, but the command line already has that fix`, hint);
    }
    // Unspecified resume keeps the failed run's: a fixed startup flag must not lose a resumed session.
    const resume = template.resume === undefined ? wasResuming(obs) : template.resume && canResume(obs);
    return {
      ...base,
      kind: 'relaunch',
      ...change,
      env: { ...template.env },
      resume,
      attempt: attempt + 1,
      before,
      after,
      ...withHint,
    };
  } catch (cause) {
    return escalate(`recovery planning failed for ${error.id}: ${String(cause)}`);
  }
}
