import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import {
  driverOverrides,
  DRIVER_KEYS,
  hardenedConfig,
  hardenedEnv,
  withoutDiffDrivers,
} from './git-hardening';
import { canonical } from './canonical-path';
import { configFiles, configStamp } from './config-stamp';
import { trustedDirs, type TrustedDirs, type WorkerCheckout } from './worktree-trust';

export { WorktreeTampered, type WorkerCheckout } from './worktree-trust';

export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  /** Set over the hardened environment (e.g. GIT_INDEX_FILE for a throwaway index, an author identity). */
  env?: Record<string, string>;
  /** Keep stdout byte for byte: porcelain and -z output start with significant spaces. */
  raw?: boolean;
}

/**
 * Where a git command runs. A string is a checkout the person named (their repository): git finds its
 * git dir there as usual. A WorkerCheckout is a worktree the orchestrator made for an agent: its git dir
 * comes from the repository's records, never from the worktree's own `.git` file, and a worktree whose
 * `.git` was redirected is refused (WorktreeTampered) before anything runs.
 */
export type GitPlace = string | WorkerCheckout;

/**
 * THE way to run git in this program — nothing else may spawn it (a test checks). Every command runs with
 * config-driven programs disabled (hooks, fsmonitor, pager, external diff, ssh, filters, textconv, merge
 * drivers), without inherited GIT_* variables, without system or global config, and never prompts.
 */
export async function git(place: GitPlace, args: string[], options: GitOptions = {}): Promise<GitResult> {
  const where = await locate(place);
  const drivers = await repositoryDrivers(where);
  return run(where.cwd, withoutDiffDrivers(args), { ...where.env, ...drivers, ...options.env }, options.raw);
}

/** Like git(), but a failure throws with git's own message, prefixed by what was being done. */
export async function gitOrThrow(
  place: GitPlace,
  args: string[],
  doing: string,
  options: GitOptions = {},
): Promise<string> {
  const result = await git(place, args, options);
  if (!result.ok) throw new Error(`${doing} failed: ${result.stderr || result.stdout || 'git failed'}`);
  return result.stdout;
}

/**
 * The git dir and work tree of a worker checkout, once its `.git` is proven to point where git created it.
 * Throws WorktreeTampered otherwise: call it to check a worker's worktree without running a command.
 */
export async function verifyWorkerCheckout(checkout: WorkerCheckout): Promise<TrustedDirs> {
  return trustedDirs(await commonDir(checkout.repo), checkout.worktree);
}

async function run(
  cwd: string,
  args: string[],
  env: Record<string, string>,
  raw = false,
): Promise<GitResult> {
  const result = await execa('git', [...hardenedConfig(), ...args], {
    cwd,
    reject: false,
    stdin: 'ignore',
    env: hardenedEnv(env),
    extendEnv: false,
    stripFinalNewline: !raw,
    maxBuffer: 256 * 1024 * 1024,
  });
  const stdout = String(result.stdout ?? '');
  return {
    ok: result.exitCode === 0,
    stdout: raw ? stdout : stdout.trim(),
    stderr: String(result.stderr ?? '').trim(),
  };
}

interface Located {
  cwd: string;
  env: Record<string, string>;
  /** The repository's git dir and common dir, when known: their config files decide the drivers. */
  dirs: { gitDir: string; commonDir: string } | null;
}

async function locate(place: GitPlace): Promise<Located> {
  if (typeof place === 'string') return { cwd: place, env: {}, dirs: await gitDirsOf(place) };
  const dirs = await verifyWorkerCheckout(place);
  return {
    cwd: dirs.workTree,
    env: { GIT_DIR: dirs.gitDir, GIT_WORK_TREE: dirs.workTree },
    dirs: { gitDir: dirs.gitDir, commonDir: await commonDir(place.repo) },
  };
}

/** Git dirs by checkout the person named: found once, like commonDirs; null when not in a repository. */
const placeDirs = new Map<string, { gitDir: string; commonDir: string }>();

async function gitDirsOf(cwd: string): Promise<{ gitDir: string; commonDir: string } | null> {
  const key = canonical(cwd);
  const known = placeDirs.get(key);
  // A repository removed meanwhile (and perhaps made again there, laid out otherwise) is looked up anew.
  if (known !== undefined && existsSync(join(known.gitDir, 'HEAD'))) return known;
  const result = await run(cwd, ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir'], {});
  const [gitDir, common] = result.stdout.split('\n');
  if (!result.ok || !gitDir || !common) return null;
  const dirs = { gitDir: canonical(gitDir), commonDir: canonical(common) };
  placeDirs.set(key, dirs);
  return dirs;
}

/** Common dirs by repository: a repository's git dir does not move while the program runs. */
const commonDirs = new Map<string, string>();

async function commonDir(repo: string): Promise<string> {
  const key = canonical(repo);
  const known = commonDirs.get(key);
  if (known !== undefined) return known;
  const result = await run(repo, ['rev-parse', '--path-format=absolute', '--git-common-dir'], {});
  if (!result.ok || result.stdout === '')
    throw new Error(`${repo} is not a git repository: ${result.stderr}`);
  const dir = canonical(result.stdout);
  commonDirs.set(key, dir);
  return dir;
}

/**
 * Config entries that read more config: a repository that has any is listed anew for every command, as
 * the files they name (and, for includeIf, the conditions) are not watched here.
 */
const INCLUDES = '^include\\.path$|^includeif\\..+\\.path$';
const INCLUDE_ENTRY = /(?:^|\0)include(?:if\..+)?\.path\n/i;

/** The drivers each git dir's config defines, with the stamp of the config files they were read from. */
const driversByGitDir = new Map<string, { stamp: string; overrides: Record<string, string> }>();

/**
 * Overrides for the filters, textconvs and merge drivers the repository's config defines: a .gitattributes
 * file in the tree — which an agent writes — decides which paths use them, so none of them may run.
 * Listing them costs a git process; the list is kept per repository until one of its config files changes
 * (written, replaced, created or removed: see configStamp), so most commands cost one process, not two.
 */
async function repositoryDrivers(where: Located): Promise<Record<string, string>> {
  const files = where.dirs ? configFiles(where.dirs.gitDir, where.dirs.commonDir) : null;
  const since = Date.now();
  const before = files ? configStamp(files, since) : null;
  const known = where.dirs ? driversByGitDir.get(where.dirs.gitDir) : undefined;
  if (known !== undefined && before !== null && known.stamp === before) return known.overrides;
  const listed = await run(
    where.cwd,
    ['config', '-z', '--get-regexp', `${DRIVER_KEYS}|${INCLUDES}`],
    where.env,
    true,
  );
  const overrides = listed.ok ? driverOverrides(listed.stdout) : {};
  // Failing without a word is git config's "nothing matched" (no drivers); any other failure keeps nothing.
  const answered = listed.ok || (listed.stdout === '' && listed.stderr === '');
  if (where.dirs && files && before !== null && answered) {
    const after = configStamp(files, since);
    if (after === before && !INCLUDE_ENTRY.test(listed.stdout)) {
      driversByGitDir.set(where.dirs.gitDir, { stamp: before, overrides });
    } else driversByGitDir.delete(where.dirs.gitDir);
  }
  return overrides;
}

export interface RepoInfo {
  /** The top level of the work tree, or null when the directory is not in a git repository. */
  root: string | null;
  /** HEAD's commit, or null in a repository without commits. */
  head: string | null;
}

export async function inspectRepo(dir: string): Promise<RepoInfo> {
  const top = await git(dir, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return { root: null, head: null };
  const head = await git(dir, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']);
  return { root: top.stdout, head: head.ok ? head.stdout : null };
}

/** The branch HEAD is on (short name), or null when HEAD is detached: record it when a session starts. */
export async function currentBranch(place: GitPlace): Promise<string | null> {
  const ref = await git(place, ['symbolic-ref', '-q', 'HEAD']);
  return ref.ok && ref.stdout.startsWith('refs/heads/') ? ref.stdout.slice('refs/heads/'.length) : null;
}

/** A commit's full id, or null when the name does not resolve to a commit. */
export async function resolveCommit(place: GitPlace, name: string): Promise<string | null> {
  const result = await git(place, ['rev-parse', '--verify', '-q', '--end-of-options', `${name}^{commit}`]);
  return result.ok ? result.stdout : null;
}
