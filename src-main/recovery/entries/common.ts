import type { CatalogueEntry } from '../types';
import { noResult } from './shared';

/**
 * Entries for every CLI, checked after the CLI-specific ones: the most general come last, so the catalogue
 * is total: a run that did not succeed always gets a class.
 */
export const COMMON_ENTRIES: readonly CatalogueEntry[] = [
  {
    // The seed's rule. A sandbox or file-mode refusal that reached stderr is not something a relaunch fixes.
    id: 'permission-denied',
    formats: 'any',
    match: { stderr: /\bPermission denied\b|\bEACCES\b/ },
    errorClass: 'permission_denied',
    summary: 'the CLI was denied access to a file or command',
    action: {
      kind: 'escalate',
      hint: 'Check the permissions of the worktree and of the files the agent needs.',
    },
  },
  {
    // claude killed by SIGTERM (143) or SIGINT (0) prints no `result` (cli notes claude §4); gemini exits 0 without
    // one after SIGTERM (gemini quirk 1); codex stops after turn.started (codex/i-sigterm, exit 137).
    // claude/harness_open holds the lab harness's summary instead of the CLI's stdout, so it reads the same.
    id: 'no-result',
    formats: 'any',
    match: { when: (run) => noResult(run) && (run.started || run.killed || run.obs.exitCode === 0) },
    errorClass: 'crashed',
    summary: 'the run ended without a final result line',
    action: { kind: 'relaunch', resume: true },
    seenIn: ['codex/i-sigterm', 'claude/harness_open'],
  },
  {
    // Whatever is left: say what was seen and stop. The last fatal error tells most; else the last stderr
    // line that is not a stack frame or an object dump; else the exit code.
    id: 'unrecognized-failure',
    formats: 'any',
    match: [
      { event: { type: 'error', where: { fatal: true } }, pick: 'last' },
      { stderr: /^[^\s{}[\]]/, pick: 'last' },
      {},
    ],
    errorClass: 'unknown_failure',
    summary: 'the run failed in a way the recovery catalogue does not know',
    action: { kind: 'escalate', hint: 'Read the worker’s stderr.log and raw.jsonl.' },
  },
];
