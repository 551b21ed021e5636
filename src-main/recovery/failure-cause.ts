import type { RecoveryAction } from '../../src-shared/models';
import { entryById } from './catalogue';
import type { ErrorClass, KnownError } from './types';

/** Failures our own recovery brought about (a resume of a session the CLI did not keep): never the cause. */
const CONSEQUENCES: ReadonlySet<ErrorClass> = new Set(['resume_not_found']);
/** Failures that say little (no result line, nothing recognised): the cause only when nothing better is known. */
const VAGUE: ReadonlySet<ErrorClass> = new Set(['crashed', 'unknown_failure']);

const MAX_EVIDENCE_CHARS = 300;

/** The evidence as one line a person reads: its first line, cut to a readable length. */
function evidenceLine(message: string): string {
  const first = message.split('\n', 1)[0]!.trim();
  return first.length > MAX_EVIDENCE_CHARS ? `${first.slice(0, MAX_EVIDENCE_CHARS - 1)}…` : first;
}

/** What went wrong, without what recovery meant to do about it ("…; relaunching with …"). */
function whatHappened(failure: KnownError): string {
  const summary = entryById(failure.id)?.summary ?? failure.errorClass;
  return summary.split(';', 1)[0]!.trim();
}

/**
 * The failures of one worker across its launches, to name the first real cause when it fails for good: a
 * CLI that got HTTP 500 three times and then could not resume a session ends on the 500, not on the resume.
 */
export class FailureCauses {
  private first: KnownError | null = null;

  /** Records a classified failure of a launch, in launch order. */
  note(failure: KnownError): void {
    if (CONSEQUENCES.has(failure.errorClass)) return;
    const better = this.first !== null && VAGUE.has(this.first.errorClass) && !VAGUE.has(failure.errorClass);
    if (this.first === null || better) this.first = failure;
  }

  /**
   * The final reason of a worker that recovery gave up on (`action` escalates or asks for setup, planned for
   * `failure`): its own words when that failure is the cause in itself (a setup problem, a failure that is
   * escalated at once), else the first real cause, with how many recoveries did not help.
   */
  finalReason(action: RecoveryAction, failure: KnownError): string {
    const own = action.hint ? `${action.reason}: ${action.hint}` : action.reason;
    const cause = this.first;
    if (action.kind === 'setup_required' || cause === null) return own;
    const gaveUp = entryById(failure.id)?.action.kind !== 'escalate';
    const overshadowed = CONSEQUENCES.has(failure.errorClass) || VAGUE.has(failure.errorClass);
    if (!gaveUp && !overshadowed) return own;
    const tries = action.attempt === 1 ? '1 recovery' : `${action.attempt} recoveries`;
    const after = action.attempt > 0 ? ` (${tries} did not help)` : '';
    const hint = cause.id === failure.id && action.hint ? `: ${action.hint}` : '';
    return `${whatHappened(cause)}: ${evidenceLine(cause.message)}${after}${hint}`;
  }
}
