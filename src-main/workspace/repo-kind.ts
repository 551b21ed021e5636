import { dirname, resolve } from 'node:path';
import { git } from './git';

/**
 * Why a folder that git knows is still not a repository the agents can work in, or null. Inside a git
 * directory (`repo/.git`) or a bare repository git has no work tree: `--show-toplevel` fails there, and
 * the folder would otherwise be taken for a plain folder and get the agents' files written into it.
 */
export async function notAWorkTree(dir: string): Promise<string | null> {
  const result = await git(dir, [
    'rev-parse',
    '--path-format=absolute',
    '--is-bare-repository',
    '--is-inside-git-dir',
    '--git-dir',
  ]);
  if (!result.ok) return null;
  const [bare, insideGitDir, gitDir = ''] = result.stdout.split('\n');
  if (bare === 'true') {
    return `${dir} is a bare repository: it has no work tree for the agents; pass a clone's folder instead`;
  }
  if (insideGitDir === 'true') {
    const workTree = resolve(gitDir).endsWith('/.git') ? ` (${dirname(resolve(gitDir))})` : '';
    return `${dir} is a git directory, not a work tree: pass the repository's folder${workTree}`;
  }
  return null;
}
