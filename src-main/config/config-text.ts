import { OrchestratorConfig } from '../../src-shared/models';
import type { ConfigIssue } from '../../src-shared/ipc/contract';

export type CheckedConfig =
  { ok: true; config: OrchestratorConfig; json: unknown } | { ok: false; issues: ConfigIssue[] };

/**
 * Parses and validates a config as the person typed it. Every problem is kept with its field path, so the
 * settings page can put each message beside the field it is about instead of one line for the whole file.
 */
export function checkConfigText(text: string): CheckedConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [{ path: [], message: `not valid JSON: ${(error as Error).message}` }] };
  }
  const parsed = OrchestratorConfig.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.filter((key): key is string | number => typeof key !== 'symbol'),
        message: issue.message,
      })),
    };
  }
  return { ok: true, config: parsed.data, json };
}
