import { statSync } from 'node:fs';
import type { RecoveryAction, StreamFormat } from '../../src-shared/models';
import { insertFlags, removeFlags, sameOptions } from './argv';
import { entryById } from './catalogue';
import { resumeChange, resumedIn, sessionToResume, type ArgChange } from './resume-args';
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
 * A fix plus the resume change, as one set of arg changes: `want` true continues the run's session (when
 * there is one), false starts fresh, undefined keeps whatever the failed run did.
 */
function withSession(
  obs: RunObservation,
  fix: ArgChange,
  want: boolean | undefined,
): ArgChange & { resume: boolean } {
  const ref = want === false ? null : sessionToResume(obs.format, obs.args, obs.events, obs.resumableRefs);
  // With nothing known to resume, a run that resumed a session not known to exist starts fresh instead.
  const keep = want === undefined || (want && ref === null && obs.resumableRefs === undefined);
  const change = keep ? { addArgs: [], removeArgs: [] } : resumeChange(obs.format, obs.args, ref, obs.cwd);
  return {
    addArgs: [...fix.addArgs, ...change.addArgs],
    removeArgs: [...new Set([...fix.removeArgs, ...change.removeArgs])],
    resume: want === undefined ? resumedIn(obs.format, obs.args) !== null : want && ref !== null,
  };
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
  const relaunching = (
    kind: 'relaunch' | 'backoff',
    change: ArgChange & { resume: boolean },
    extra: Partial<RecoveryAction>,
  ): RecoveryAction => ({
    ...base,
    kind,
    addArgs: change.addArgs,
    removeArgs: change.removeArgs,
    resume: change.resume,
    attempt: attempt + 1,
    before: [...obs.args],
    after: applyToArgs(obs.args, change, obs.format),
    ...extra,
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
      const change = withSession(obs, { addArgs: [], removeArgs: [] }, true);
      return relaunching('backoff', change, { delayMs, ...withHint });
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
    const fix = { addArgs: [...addArgs], removeArgs: [...removeArgs] };
    // Judged on the fix alone: a crash relaunch changes no flag and is bounded by maxRecoveries instead.
    const fixChangesArgs = addArgs.length > 0 || removeArgs.length > 0;
    if (fixChangesArgs && sameOptions(obs.format, obs.args, applyToArgs(obs.args, fix, obs.format))) {
      return escalate(`${entry.summary}, but the command line already has that fix`, hint);
    }
    const change = withSession(obs, fix, template.resume);
    return relaunching('relaunch', change, { env: { ...template.env }, ...withHint });
  } catch (cause) {
    return escalate(`recovery planning failed for ${error.id}: ${String(cause)}`);
  }
}
