import { workspaceOption } from '../workspace-option';
import type { Command } from 'commander';
import { UserInputError } from '../../coordinator/errors';
import { mergeSessionWorker } from '../../coordinator/merge-worker';
import { recoverWorkspace } from '../../store/recover-workspace';
import { loadSession } from '../../store/session-index';
import { stdoutWrite } from '../output';

interface MergeOptions {
  worker: string;
  workspace?: string;
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description("merge one worker's branch into the branch your checkout is on, only if that is safe")
    .argument('<id>', 'session id (see `orchestrate sessions`)')
    .requiredOption('--worker <id>', 'the worker whose work to merge, e.g. claude')
    .option('--workspace <dir>', 'where session folders are')
    .action(async (id: string, options: MergeOptions) => {
      const report = await mergeWorker(workspaceOption(options.workspace), id, options.worker);
      stdoutWrite(`${report}\n`);
    });
}

/**
 * `orchestrate merge`: the stored session's worker merged through the core's one merge (mergeSessionWorker,
 * also the app's). Returns what was merged; a refusal is a UserInputError (one message, exit 2) and leaves
 * the user's checkout exactly as it was.
 */
export async function mergeWorker(workspace: string, sessionId: string, workerId: string): Promise<string> {
  recoverWorkspace(workspace);
  const stored = loadSession(workspace, sessionId);
  if (!stored) throw new UserInputError(`no session ${sessionId}`, 'not_found');
  return (await mergeSessionWorker(stored.state, workerId)).text;
}
