import type { Finding } from '../../../src-shared/models';

/** The lines of one side of a hunk: what a finding's file:line can be placed on. */
export interface LineChange {
  key: string;
  /** The line number in the worker's version of the file; none for a deleted line. */
  newLine: number | null;
}

export interface PlacedFindings<F extends Finding = Finding> {
  /** Findings by the change key of the line they are about. */
  atLine: Map<string, F[]>;
  /** Findings about the file whose line is not in the diff (or that name no line). */
  onFile: F[];
}

/**
 * Puts each finding about this file beside the line of the worker's version it names; a finding on a line
 * the diff does not show, or on no line, is kept for the top of the file — none is dropped.
 */
export function placeFindings<F extends Finding>(
  findings: readonly F[],
  changes: readonly LineChange[],
): PlacedFindings<F> {
  const byLine = new Map<number, string>();
  for (const change of changes) {
    if (change.newLine !== null && !byLine.has(change.newLine)) byLine.set(change.newLine, change.key);
  }
  const atLine = new Map<string, F[]>();
  const onFile: F[] = [];
  for (const finding of findings) {
    const key = finding.line !== undefined ? byLine.get(finding.line) : undefined;
    if (key === undefined) onFile.push(finding);
    else atLine.set(key, [...(atLine.get(key) ?? []), finding]);
  }
  return { atLine, onFile };
}

/** Findings about files the diff does not list (or about no file): shown apart, never lost. */
export function findingsElsewhere<F extends Finding>(findings: readonly F[], paths: readonly string[]): F[] {
  return findings.filter((f) => f.file === undefined || !paths.includes(normalizePath(f.file)));
}

/** Reviewers write paths as "./src/a.ts" or "src/a.ts"; the diff lists "src/a.ts". */
export const normalizePath = (path: string): string => path.replace(/^\.\//, '');

export function findingsOn<F extends Finding>(findings: readonly F[], path: string): F[] {
  return findings.filter((f) => f.file !== undefined && normalizePath(f.file) === path);
}
