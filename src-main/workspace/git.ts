import { execa } from 'execa';
import {
  driverOverrides,
  DRIVER_KEYS,
  hardenedConfig,
  hardenedEnv,
  withoutDiffDrivers,
} from './git-hardening';
import { canonical } from './canonical-path';
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

interface Located {
  cwd: string;
  env: Record<string, string>;
}

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

async function locate(place: GitPlace): Promise<Located> {
  if (typeof place === 'string') return { cwd: place, env: {} };
  const dirs = await verifyWorkerCheckout(place);
  return { cwd: dirs.workTree, env: { GIT_DIR: dirs.gitDir, GIT_WORK_TREE: dirs.workTree } };
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
 * Overrides for the filters, textconvs and merge drivers the repository's config defines: a .gitattributes
 * file in the tree — which an agent writes — decides which paths use them, so none of them may run.
 */
async function repositoryDrivers(where: Located): Promise<Record<string, string>> {
  const listed = await run(where.cwd, ['config', '-z', '--get-regexp', DRIVER_KEYS], where.env, true);
  return listed.ok ? driverOverrides(listed.stdout) : {};
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
