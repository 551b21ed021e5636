import { execa } from 'execa';

export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Run git without a terminal prompt ever appearing: a GUI app has nobody to answer it. */
export async function git(cwd: string, args: string[]): Promise<GitResult> {
  const result = await execa('git', args, {
    cwd,
    reject: false,
    stdin: 'ignore',
    env: { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
  });
  return {
    ok: result.exitCode === 0,
    stdout: String(result.stdout ?? '').trim(),
    stderr: String(result.stderr ?? '').trim(),
  };
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
