import { VerdictReport } from '../../src-shared/models';
import { extractJsonObject } from './extract-json';

const OPTIONAL_FINDING_FIELDS = ['file', 'line', 'suggestion'] as const;

/**
 * The reviewer's verdict JSON (ARCHITECTURE §4) from its final message, or null when there is none or it
 * is invalid. Only harmless slips are forgiven — "Approve" for "approve", `null` for a finding's optional
 * file, line or suggestion — because a reviewer that found a real problem must not lose it over
 * formatting. Nothing else is guessed, least of all an approval.
 */
export function parseVerdict(text: string): VerdictReport | null {
  const value = extractJsonObject(text, 'verdict');
  if (value === null || typeof value !== 'object') return null;
  const result = VerdictReport.safeParse(normalize(value as Record<string, unknown>));
  return result.success ? result.data : null;
}

function normalize(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw, verdict: lowerCase(raw.verdict) };
  if (Array.isArray(raw.findings)) out.findings = raw.findings.map(normalizeFinding);
  return out;
}

function normalizeFinding(finding: unknown): unknown {
  if (finding === null || typeof finding !== 'object' || Array.isArray(finding)) return finding;
  const out: Record<string, unknown> = { ...finding };
  out.severity = lowerCase(out.severity);
  for (const key of OPTIONAL_FINDING_FIELDS) if (out[key] === null) delete out[key];
  return out;
}

const lowerCase = (value: unknown): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
