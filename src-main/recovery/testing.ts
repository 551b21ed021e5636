import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamFormat } from '../../src-shared/models';
import { caseNames, FIXTURES, parseAll, readCase, splitLines, type CliName } from '../../test/cli-fixtures';
import { ADAPTERS } from '../agents/registry';
import type { CommandOptions } from '../agents/types';
import type { RunObservation } from './types';

/* Test-only (imports vitest through test/cli-fixtures): recorded CLI runs as the worker loop would observe them. */

export const CWD = '/srv/project/wt';
export const PROMPT = 'create hello.txt';

export const formatOf = (cli: CliName): StreamFormat => ADAPTERS[cli].format;

/** The argv the adapter builds for a work run, with extra config args or a resume. */
export function argvOf(cli: CliName, options: Partial<CommandOptions> = {}): string[] {
  return ADAPTERS[cli].buildCommand({ prompt: PROMPT, cwd: CWD, mode: 'work', ...options }).args;
}

export function observe(
  cli: CliName,
  stdout: string,
  stderr: string,
  exitCode: number | null,
  args: readonly string[] = argvOf(cli),
): RunObservation {
  return {
    agent: cli,
    format: formatOf(cli),
    args,
    cwd: CWD,
    exitCode,
    signal: null,
    stderr: splitLines(stderr),
    events: parseAll(ADAPTERS[cli].createParser(), splitLines(stdout)),
    isRoot: true,
  };
}

/** A recorded failure case through the CLI's real parser. */
export function observeCase(cli: CliName, name: string, args?: readonly string[]): RunObservation {
  const recorded = readCase(cli, name);
  return observe(cli, recorded.stdout, recorded.stderr, recorded.exitCode, args);
}

/** A recorded successful session (no stderr recorded, exit 0). */
export function observeSession(cli: CliName, file: string): RunObservation {
  return observe(cli, readFileSync(join(FIXTURES, cli, file), 'utf8'), '', 0);
}

export { caseNames };
