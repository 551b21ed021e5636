import { execa } from 'execa';

export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  /** Set over the scrubbed environment (e.g. GIT_INDEX_FILE for a throwaway index, an author identity). */
  env?: Record<string, string>;
  /** Keep stdout byte for byte: porcelain and -z output start with significant spaces. */
  raw?: boolean;
}

/**
 * Variables that redirect git to another repository, work tree, index or object store. Inherited from a
 * hook or a wrapper script they would make every command here act on the wrong checkout, so they are
 * removed; a caller that needs one (a throwaway index) passes it explicitly.
 */
const REDIRECTING = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
];

/** The environment of every git command here: no terminal prompt, no optional locks, no redirection. */
export function gitEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const scrubbed: Record<string, string | undefined> = {};
  for (const name of REDIRECTING) scrubbed[name] = undefined;
  // A GUI app has nobody to answer a prompt; optional locks would let `status` rewrite the user's index.
  return { ...scrubbed, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', ...extra };
}

/** Run git without a terminal prompt ever appearing: a GUI app has nobody to answer it. */
export async function git(cwd: string, args: string[], options: GitOptions = {}): Promise<GitResult> {
  const result = await execa('git', args, {
    cwd,
    reject: false,
    stdin: 'ignore',
    env: gitEnv(options.env),
    stripFinalNewline: options.raw !== true,
    maxBuffer: 256 * 1024 * 1024,
  });
  const stdout = String(result.stdout ?? '');
  return {
    ok: result.exitCode === 0,
    stdout: options.raw ? stdout : stdout.trim(),
    stderr: String(result.stderr ?? '').trim(),
  };
}

/** Like git(), but a failure throws with git's own message, prefixed by what was being done. */
export async function gitOrThrow(
  cwd: string,
  args: string[],
  doing: string,
  options: GitOptions = {},
): Promise<string> {
  const result = await git(cwd, args, options);
  if (!result.ok) throw new Error(`${doing} failed: ${result.stderr || result.stdout || 'git failed'}`);
  return result.stdout;
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
export async function currentBranch(dir: string): Promise<string | null> {
  const ref = await git(dir, ['symbolic-ref', '-q', 'HEAD']);
  return ref.ok && ref.stdout.startsWith('refs/heads/') ? ref.stdout.slice('refs/heads/'.length) : null;
}

/** A commit's full id, or null when the name does not resolve to a commit. */
export async function resolveCommit(dir: string, name: string): Promise<string | null> {
  const result = await git(dir, ['rev-parse', '--verify', '-q', '--end-of-options', `${name}^{commit}`]);
  return result.ok ? result.stdout : null;
}
