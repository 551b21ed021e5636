import { statSync } from 'node:fs';
import { relative, isAbsolute, resolve } from 'node:path';
import { UserInputError } from './errors';
import { canonical } from '../workspace/worktree-list';

/**
 * The workspace (where session folders go) as an absolute path, refused with one message when it cannot
 * be one: something that exists but is not a folder. A missing folder is fine: the first session makes it.
 */
export function checkWorkspace(workspace: string): string {
  const path = resolve(workspace);
  let isDirectory = true;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A file on the way (`file/sessions`) is as wrong as the workspace being one.
    if (code === 'ENOTDIR') isDirectory = false;
  }
  if (!isDirectory) throw new UserInputError(`workspace ${path} is not a folder`, 'bad_workspace');
  return path;
}

/**
 * Session folders hold each worker's worktree: inside the repository they would be untracked files of the
 * user's own checkout (and nested worktrees of it), so such a workspace is refused before anything starts.
 */
export function refuseWorkspaceInRepo(workspace: string, repo: string): void {
  const rel = relative(canonical(repo), canonical(workspace));
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    throw new UserInputError(
      `workspace ${resolve(workspace)} is inside the repository ${repo}: choose a folder outside it`,
      'bad_workspace',
    );
  }
}
