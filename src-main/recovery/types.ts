import type { EventDraft, EventType, StreamFormat } from '../../src-shared/models';

/** Everything the recovery engine may look at about one finished (or still running) CLI run. */
export interface RunObservation {
  /** The worker's agent name (config key). */
  agent: string;
  /** Which CLI family printed the output: decides which catalogue entries apply. */
  format: StreamFormat;
  /** The argv the CLI ran with (without the executable), to know which flags are already there. */
  args: readonly string[];
  cwd: string;
  exitCode: number | null;
  signal: string | null;
  /** stderr lines (a tail is enough): most startup refusals are only there (cli notes claude §4, gemini §5.4). */
  stderr: readonly string[];
  /** The run's normalized events, drafts or stamped events alike. */
  events: readonly EventDraft[];
  isRoot: boolean;
  /**
   * The run was read-only on purpose (review, plan): a refused write is then the policy working, not a
   * failure to repair, so write-permission entries do not apply. Absent means a work run.
   */
  readOnly?: boolean;
  /**
   * The CLI sessions known to exist: announced by a run that got an answer from the model, or handed over
   * from an earlier process. When given, only these are resumed; a session that holds nothing (the API
   * failed before the first answer; gemini does not even save it) or that the CLI reported missing starts
   * fresh instead. Absent: any session the run announced or resumed.
   */
  resumableRefs?: readonly string[];
}

/** Every class the catalogue knows, as a value so tests can enumerate them. */
export const ERROR_CLASSES = [
  'untrusted_directory',
  'root_permission_bypass',
  'needs_verbose',
  'write_tools_missing',
  'path_outside_workspace',
  'not_authenticated',
  'quota_exceeded',
  'rate_limited',
  'overloaded',
  'unreachable',
  'server_error',
  'stream_interrupted',
  'empty_response',
  'crashed',
  'stdin_blocked',
  'permission_denied',
  'unknown_flag',
  'bad_arguments',
  'bad_config',
  'model_not_found',
  'missing_directory',
  'resume_not_found',
  'context_exhausted',
  'limit_reached',
  'sandbox_unavailable',
  'unknown_failure',
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** A failure the catalogue recognised. */
export interface KnownError {
  /** Id of the catalogue entry that matched. */
  id: string;
  errorClass: ErrorClass;
  /** The evidence, verbatim: the stderr line, event message or stdout line that matched. */
  message: string;
  /** Values captured from the match, e.g. {flag: '--bogus-flag'} or {directory: '/x'}. */
  facts: Record<string, string>;
}

/** An observation plus what every entry asks about it, computed once per classification. */
export interface RunView {
  obs: RunObservation;
  /** stderr without ANSI colour codes (gemini colours its trust refusal red unless NO_COLOR is set). */
  stderr: readonly string[];
  /** Lines the parser kept verbatim (`raw` events): text-mode output, notices. */
  stdoutRaw: readonly string[];
  /** The last `result` event, if the CLI printed one. */
  lastResult: EventDraft<'result'> | null;
  /** exit 0, no signal, the last result ok and no fatal error: nothing went wrong. */
  succeeded: boolean;
  /** The CLI got as far as a session (session_ref or turn started). */
  started: boolean;
  /** Ended by a signal or a timeout (124, 128+n), not by the CLI's own decision. */
  killed: boolean;
}

/** An expected payload value: equal to a literal, one of a list, or a string matching a pattern. */
export type Expect = string | number | boolean | null | RegExp | readonly (string | number)[];

export interface EventMatch {
  type: EventType;
  /** Every listed payload field must match; named groups of RegExp values become facts. */
  where?: Readonly<Record<string, Expect>> | ((payload: Record<string, unknown>) => boolean);
}

/** All the given conditions must hold. */
export interface Match {
  /** Tested on each stderr line; named groups become facts. */
  stderr?: RegExp;
  /** Tested on each raw stdout line the parser kept verbatim. */
  stdout?: RegExp;
  event?: EventMatch;
  exitCodes?: readonly number[];
  /** A condition on the whole run (no result line, killed, read-only…). */
  when?: (run: RunView) => boolean;
  /** Which hit is the evidence; the last one tells more when a run piles up notices before failing. */
  pick?: 'first' | 'last';
}

/** What matched, before the entry's extract step. */
export interface Evidence {
  message: string;
  facts: Record<string, string>;
  event?: EventDraft;
}

export interface TemplateContext {
  facts: Readonly<Record<string, string>>;
  args: readonly string[];
  format: StreamFormat;
  cwd: string;
}

/** Computed args; null when the facts do not allow a fix (the plan then escalates). */
export type ArgsTemplate = readonly string[] | ((ctx: TemplateContext) => readonly string[] | null);
export type HintTemplate = string | ((facts: Readonly<Record<string, string>>) => string);

export type ActionTemplate =
  | {
      kind: 'relaunch';
      addArgs?: ArgsTemplate;
      /** Flag names; each occurrence goes with its value(s), `--flag=value` too. */
      removeArgs?: ArgsTemplate;
      env?: Readonly<Record<string, string>>;
      /** Continue the CLI's own session; false starts a fresh one. */
      resume?: boolean;
      /** Name of a fact holding a directory that must exist, or the plan escalates instead. */
      requireDir?: string;
      hint?: HintTemplate;
    }
  | {
      kind: 'backoff';
      baseMs: number;
      maxMs: number;
      resume: true;
      /** Give up after this many recoveries of the worker, before maxRecoveries: waiting is not helping. */
      escalateAfter?: number;
      hint?: HintTemplate;
    }
  | { kind: 'setup_required'; hint: HintTemplate }
  | { kind: 'escalate'; hint?: HintTemplate };

export interface CatalogueEntry {
  id: string;
  formats: readonly StreamFormat[] | 'any';
  /** One match, or alternatives of which the first that holds wins. */
  match: Match | readonly Match[];
  errorClass: ErrorClass;
  /** What happened, for a person: becomes the recovery action's reason. */
  summary: string;
  action: ActionTemplate;
  /**
   * Also applies to a run that otherwise succeeded: tool refusals end with exit 0 and an ok result
   * (gemini noyolo / outside-ws, claude default_perm_denied), yet the task was not done.
   */
  alsoOnSuccess?: boolean;
  /** The CLI never gives up by itself: the supervisor checks this entry while the run is going. */
  live?: boolean;
  /** For live entries: how many matching lines or events before the supervisor kills the run. */
  liveThreshold?: number;
  /** Derives more facts from the evidence and the run; null = not this entry after all. */
  extract?: (evidence: Evidence, run: RunView) => Record<string, string> | null;
  /** Recorded fixture cases (`<cli>/<case>`) that show this failure; tests check they classify here. */
  seenIn?: readonly string[];
}
