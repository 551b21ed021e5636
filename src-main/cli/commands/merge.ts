import { workspaceOption } from '../workspace-option';
import type { Command } from 'commander';
import { MergeRequest } from '../../../src-shared/commands';
import { cliCore, parseRequest } from '../cli-core';
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
 * `orchestrate merge`: the command table's merge of a stored session's worker (the core's one merge, also
 * the app's). Returns what was merged in words; a refusal is a UserInputError (one message, exit 2) and
 * leaves the user's checkout exactly as it was.
 */
export async function mergeWorker(workspace: string, sessionId: string, workerId: string): Promise<string> {
  const request = parseRequest(MergeRequest, { sessionId, workerId });
  return (await cliCore({ workspace }).merge(request)).text;
}
