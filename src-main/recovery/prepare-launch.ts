import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { StreamFormat } from '../../src-shared/models';
import { insertFlags, scanArgs } from './argv';

export interface LaunchFacts {
  format: StreamFormat;
  cwd: string;
  /** The worker runs in a git worktree (false: in place, in a plain directory). */
  inGitRepo: boolean;
}

export interface PreparedArgs {
  args: string[];
  /** What was changed and why, for the log; empty when the argv was fine as it was. */
  changes: string[];
}

/** Flags naming extra directories: claude drops missing ones silently, gemini dies on them (cli notes). */
const DIRECTORY_FLAGS: Readonly<Record<StreamFormat, readonly string[]>> = {
  'claude-stream-json': ['--add-dir'],
  'codex-exec-json': ['--add-dir'],
  'gemini-stream-json': ['--include-directories'],
};

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The seed's prepare_worker_environment: avoid the failures the facts already predict instead of waiting
 * for them — codex refuses a directory outside git without --skip-git-repo-check (fixture 01-no-git-repo);
 * an extra directory that does not exist is dropped by claude without a word and kills gemini at start
 * (fixture incdir-missing). Choices the person made on purpose (flags in the config) are otherwise left
 * to recovery, which explains what it changes.
 */
export function prepareLaunchArgs(args: readonly string[], facts: LaunchFacts): PreparedArgs {
  const changes: string[] = [];
  let out = [...args];
  const dirFlags = DIRECTORY_FLAGS[facts.format];
  const kept = scanArgs(facts.format, out).flatMap((group) => {
    if (group.flag === null || !dirFlags.includes(group.flag)) return [...group.tokens];
    const [flag, ...values] = group.tokens;
    const dirs = values.flatMap((v) => v.split(',')).filter((v) => v !== '');
    const existing = dirs.filter((d) => isDirectory(isAbsolute(d) ? d : resolve(facts.cwd, d)));
    for (const missing of dirs.filter((d) => !existing.includes(d))) {
      changes.push(`dropped ${flag} ${missing}: the directory does not exist`);
    }
    return existing.length > 0 ? [flag!, ...existing] : [];
  });
  out = kept;
  if (facts.format === 'codex-exec-json' && !facts.inGitRepo && !out.includes('--skip-git-repo-check')) {
    out = insertFlags(facts.format, out, ['--skip-git-repo-check']);
    changes.push('added --skip-git-repo-check: the worker runs outside a git repository');
  }
  return { args: out, changes };
}
