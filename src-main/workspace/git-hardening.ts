import { devNull } from 'node:os';
import { join } from 'node:path';

/**
 * What makes a git command safe to run on a checkout an agent has written to: git runs programs named in
 * its config (fsmonitor, hooks, pagers, external diffs, filters, merge drivers, ssh, credential helpers)
 * and an agent that can write files may be able to choose that config. Everything here turns those off,
 * so a git command only ever runs git.
 */

/**
 * Where core.hooksPath points: a path below the null device, which can never be a folder, so no hook of any
 * checkout runs — and, unlike an empty folder of ours, nothing to create, keep empty or remove.
 */
export const NO_HOOKS_PATH = join(devNull, 'hooks');

/**
 * Config given on the command line, which wins over every config file (the repository's, its includes, a
 * crafted one): each entry disables a way for config to name a program.
 */
export function hardenedConfig(): string[] {
  const settings = [
    'core.fsmonitor=false',
    `core.hooksPath=${NO_HOOKS_PATH}`,
    'core.pager=cat',
    'diff.external=',
    'core.sshCommand=false',
    'core.askPass=',
    'core.editor=:',
    'sequence.editor=:',
    'core.alternateRefsCommand=',
    // Attributes only from the tree itself; the drivers they may name are neutralised per command.
    `core.attributesFile=${devNull}`,
    'credential.helper=',
    // No transport at all: nothing here fetches or pushes, and remote helpers are programs too.
    'protocol.allow=never',
    'commit.gpgSign=false',
    'tag.gpgSign=false',
    'log.showSignature=false',
    'merge.verifySignatures=false',
    // Automatic gc and maintenance start background git processes that outlive the command.
    'gc.auto=0',
    'maintenance.auto=false',
    'status.submoduleSummary=false',
    'diff.ignoreSubmodules=all',
  ];
  return ['--no-pager', ...settings.flatMap((setting) => ['-c', setting])];
}

/**
 * The environment of every git command: the process's own without any GIT_* variable (an inherited one
 * could redirect git to another repository, add config or point at a program), config files limited to
 * the repository's own (no system file, an empty global one), no prompt, no optional locks.
 */
export function hardenedEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^GIT_/i.test(name)) env[name] = value;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: devNull,
    GIT_ATTR_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    // A GUI app has nobody to answer a prompt; optional locks would let `status` rewrite the user's index.
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    GIT_EDITOR: ':',
    GIT_ASKPASS: '',
    ...extra,
  };
}

/** The config keys through which a .gitattributes entry runs a program: filters, diff and merge drivers. */
export const DRIVER_KEYS = '^(filter|diff|merge)\\..+\\.(clean|smudge|process|textconv|command|driver)$';

/**
 * Overrides for every driver the repository's config defines, as GIT_CONFIG_KEY_n/VALUE_n (a driver name
 * may hold any character, which `-c name=value` could not carry): filters do nothing, a textconv is
 * plain text, a custom merge driver is git's own text merge. `listing` is `git config -z --get-regexp`.
 */
export function driverOverrides(listing: string): Record<string, string> {
  const pairs: Array<[string, string]> = [];
  for (const entry of listing.split('\0')) {
    const key = entry.split('\n', 1)[0] ?? '';
    const match = /^(filter|diff|merge)\.(.+)\.(clean|smudge|process|textconv|command|driver)$/i.exec(key);
    if (!match) continue;
    const [, section, name] = match;
    const prefix = `${section!.toLowerCase()}.${name}`;
    if (section!.toLowerCase() === 'filter') {
      pairs.push([`${prefix}.clean`, ''], [`${prefix}.smudge`, ''], [`${prefix}.process`, '']);
      pairs.push([`${prefix}.required`, 'false']);
    } else if (section!.toLowerCase() === 'diff') {
      // An empty external diff command would fail the diff; --no-ext-diff on every diff skips it instead.
      pairs.push([`${prefix}.textconv`, '']);
    } else {
      pairs.push([`${prefix}.driver`, 'git merge-file --marker-size=%L %A %O %B']);
    }
  }
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(pairs.length) };
  pairs.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return pairs.length === 0 ? {} : env;
}

/** Subcommands that print diffs: each gets --no-ext-diff --no-textconv, so no diff driver runs. */
const DIFFING = new Set(['diff', 'show', 'log', 'diff-tree', 'diff-index', 'diff-files']);

/** The arguments with diff drivers turned off where the subcommand prints diffs. */
export function withoutDiffDrivers(args: readonly string[]): string[] {
  const [sub, ...rest] = args;
  if (sub === undefined || !DIFFING.has(sub)) return [...args];
  return [sub, '--no-ext-diff', '--no-textconv', ...rest];
}
