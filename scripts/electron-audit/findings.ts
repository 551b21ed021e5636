// The pure half of the Electron audit: Electronegativity's findings in one shape, the allowlist, and the gate
// that decides which findings fail the run. No I/O here, so it is tested on captured real output.
import { z } from 'zod';

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** HIGH and MEDIUM fail the run unless allowlisted; LOW and INFORMATIONAL are printed only. */
export const GATING: readonly Severity[] = ['MEDIUM', 'HIGH'];

export interface Finding {
  /** Electronegativity's check id, e.g. NODE_INTEGRATION_JS_CHECK. */
  check: string;
  severity: Severity;
  confidence: string;
  /** Relative to the scanned folder (the repository layout), or "N/A" for a whole-app (global) finding. */
  file: string;
  line: number;
  column: number;
  /** The source line the check matched, when it names one. */
  sample: string;
  description: string;
}

export interface ParseError {
  file: string;
  message: string;
  /** Electronegativity's own word: a tolerable error still produced an AST; the other kind skipped the file. */
  tolerable: boolean;
}

// What Electronegativity's runner returns per issue: severity and confidence are objects with a `name`
// (and a `format` function that JSON drops, so captured output parses the same).
const rawIssue = z.object({
  id: z.string(),
  file: z.string(),
  location: z.object({ line: z.number(), column: z.number() }),
  severity: z.object({ name: z.enum(SEVERITIES) }),
  confidence: z.object({ name: z.string() }),
  sample: z.unknown().optional(),
  description: z.unknown().optional(),
});

/** Electronegativity's issue objects as Findings; anything of another shape throws, naming the issue. */
export function normalizeIssues(issues: readonly unknown[]): Finding[] {
  return issues.map((issue, index) => {
    const parsed = rawIssue.safeParse(issue);
    if (!parsed.success) {
      throw new Error(`electronegativity issue ${index} has an unknown shape: ${parsed.error.message}`);
    }
    const { id, file, location, severity, confidence, sample, description } = parsed.data;
    return {
      check: id,
      severity: severity.name,
      confidence: confidence.name,
      file,
      line: location.line,
      column: location.column,
      sample: typeof sample === 'string' ? sample : '',
      description: typeof description === 'string' ? description : '',
    };
  });
}

const allowlistEntry = z.strictObject({
  check: z.string().regex(/^[A-Z0-9_]+$/, 'an Electronegativity check id such as AUXCLICK_JS_CHECK'),
  file: z.string().min(1),
  /** Pins the entry to one call site: the finding's sample must contain this text. */
  sample: z.string().min(1).optional(),
  reason: z
    .string()
    .trim()
    .min(20, 'every entry says why the finding is accepted and what proves it (20 characters at least)'),
});
export type AllowlistEntry = z.infer<typeof allowlistEntry>;

const allowlistFile = z.strictObject({
  $comment: z.string().optional(),
  entries: z.array(allowlistEntry),
});

/** Parses the allowlist file's text; throws with every problem named by its place in the file. */
export function parseAllowlist(text: string): AllowlistEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`the allowlist is not JSON: ${(error as Error).message}`);
  }
  const parsed = allowlistFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new Error(`the allowlist is invalid: ${problems.join('; ')}`);
  }
  return parsed.data.entries;
}

export const matches = (entry: AllowlistEntry, finding: Finding): boolean =>
  entry.check === finding.check &&
  entry.file === finding.file &&
  (entry.sample === undefined || finding.sample.includes(entry.sample));

export interface Verdict {
  /** HIGH or MEDIUM findings no allowlist entry covers: each fails the run. */
  blocking: Finding[];
  /** HIGH or MEDIUM findings an entry covers, with that entry. */
  allowed: { finding: Finding; entry: AllowlistEntry }[];
  /** LOW and INFORMATIONAL findings: shown, never gating. */
  informational: Finding[];
  /** Entries that covered no gating finding: the code changed, so the entry must go (it fails the run). */
  stale: AllowlistEntry[];
  /** Files Electronegativity could not parse, so did not check: each fails the run. */
  unparsed: ParseError[];
  ok: boolean;
}

export function judge(
  findings: readonly Finding[],
  allowlist: readonly AllowlistEntry[],
  errors: readonly ParseError[] = [],
): Verdict {
  const blocking: Finding[] = [];
  const allowed: Verdict['allowed'] = [];
  const informational: Finding[] = [];
  const used = new Set<AllowlistEntry>();
  for (const finding of findings) {
    if (!GATING.includes(finding.severity)) {
      informational.push(finding);
      continue;
    }
    const entry = allowlist.find((candidate) => matches(candidate, finding));
    if (entry) {
      used.add(entry);
      allowed.push({ finding, entry });
    } else blocking.push(finding);
  }
  const stale = allowlist.filter((entry) => !used.has(entry));
  const unparsed = errors.filter((error) => !error.tolerable);
  return {
    blocking,
    allowed,
    informational,
    stale,
    unparsed,
    ok: blocking.length === 0 && stale.length === 0 && unparsed.length === 0,
  };
}

const where = (finding: Finding): string =>
  finding.file === 'N/A' ? '(whole app)' : `${finding.file}:${finding.line}:${finding.column}`;

const describe = (finding: Finding): string =>
  `${finding.severity} ${finding.check} ${where(finding)}${finding.sample ? ` — ${finding.sample.trim()}` : ''}` +
  `${finding.description ? `\n      ${finding.description}` : ''}`;

/** The report printed by the audit, one finding per line, blocking ones first. */
export function formatVerdict(verdict: Verdict): string {
  const lines: string[] = [];
  for (const finding of verdict.blocking) lines.push(`  FAIL ${describe(finding)}`);
  for (const error of verdict.unparsed)
    lines.push(`  FAIL not parsed, so not checked: ${error.file}: ${error.message}`);
  for (const entry of verdict.stale)
    lines.push(
      `  FAIL stale allowlist entry (matches no finding; remove it): ${entry.check} ${entry.file}` +
        (entry.sample ? ` "${entry.sample}"` : ''),
    );
  for (const { finding, entry } of verdict.allowed)
    lines.push(`  allowed ${describe(finding)}\n      why: ${entry.reason}`);
  for (const finding of verdict.informational) lines.push(`  info ${describe(finding)}`);
  const counts =
    `${verdict.blocking.length} blocking, ${verdict.allowed.length} allowlisted, ` +
    `${verdict.informational.length} low/informational, ${verdict.stale.length} stale allowlist entries, ` +
    `${verdict.unparsed.length} files not parsed`;
  lines.push(`electronegativity: ${verdict.ok ? 'ok' : 'FAILED'} (${counts})`);
  return lines.join('\n');
}
