import { dirname, resolve } from 'node:path';
import { ofType } from '../../../src-shared/models';
import type { Evidence, RunView } from '../types';

/** yargs prints option names bare: "frobnicate" was `--frobnicate`, "x" was `-x`. */
export function unknownArgumentFacts(evidence: Evidence): Record<string, string> | null {
  const names = (evidence.facts.names ?? '')
    .split(/,\s*/)
    .map((name) => name.trim())
    .filter((name) => /^[\w-]+$/.test(name));
  if (names.length === 0) return null;
  const flags = names.map((name) => (name.length === 1 ? `-${name}` : `--${name}`));
  return { flag: flags[0] as string, flags: flags.join(' ') };
}

const PATH_PARAMS = ['file_path', 'absolute_path', 'path', 'dir_path'];

/**
 * The path a refused tool call named. The older wordings leave it out of the message, so it comes from the
 * tool_use whose tool_result was printed on the same line as the error (the gemini parser emits both).
 */
function toolPath(evidence: Evidence, run: RunView): string | undefined {
  const line = evidence.event?.lines?.from;
  if (line === undefined) return undefined;
  const result = ofType(run.obs.events, 'tool_result').find((e) => e.lines?.from === line);
  const use = ofType(run.obs.events, 'tool_use').find((e) => e.payload.toolId === result?.payload.toolId);
  const input = use?.payload.input;
  if (!result || input === null || typeof input !== 'object') return undefined;
  const params = input as Record<string, unknown>;
  const key = PATH_PARAMS.find((k) => typeof params[k] === 'string' && params[k] !== '');
  return key ? (params[key] as string) : undefined;
}

/** The refused path and the directory to include: its parent, which a new file needs to exist. */
export function outsideWorkspaceFacts(evidence: Evidence, run: RunView): Record<string, string> {
  const path = evidence.facts.path ?? toolPath(evidence, run);
  if (!path) return {};
  const absolute = resolve(run.obs.cwd || '/', path);
  return { path: absolute, directory: dirname(absolute) };
}
