import type { Command } from 'commander';
import { CleanRequest, type CleanReport } from '../../../src-shared/commands';
import { UserInputError } from '../../coordinator/errors';
import { recoverWorkspace } from '../../store/recover-workspace';
import { cliCore, parseRequest } from '../cli-core';
import { stdoutWrite } from '../output';
import { workspaceOption } from '../workspace-option';

interface CleanOptions {
  olderThan?: string;
  merged?: boolean;
  force?: boolean;
  json?: boolean;
  workspace?: string;
}

export function registerClean(program: Command): void {
  program
    .command('clean')
    .description(
      'remove the worktrees and branches ended sessions left in your repository (work not merged is kept)',
    )
    .argument('[id]', 'only this session (see `orchestrate sessions`)')
    .option('--older-than <days>', 'only sessions that ended more than this many days ago')
    .option('--merged', 'only sessions whose every branch is merged into the branch they started from')
    .option('--force', 'also remove uncommitted changes and branches whose commits are merged nowhere')
    .option('--json', 'print what was removed and kept as JSON')
    .option('--workspace <dir>', 'where session folders are')
    .action(async (id: string | undefined, options: CleanOptions) => {
      const workspace = workspaceOption(options.workspace);
      // A session left "running" by an orchestrator that died is marked interrupted first: it has ended.
      recoverWorkspace(workspace);
      const request = parseRequest(CleanRequest, {
        ...(id !== undefined ? { sessionId: id } : {}),
        ...(options.olderThan !== undefined ? { olderThanDays: days(options.olderThan) } : {}),
        merged: options.merged === true,
        force: options.force === true,
      });
      const report = await cliCore({ workspace }).clean(request);
      stdoutWrite(options.json ? `${JSON.stringify(report, null, 2)}\n` : describeReport(report));
    });
}

function days(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new UserInputError(`--older-than takes a number of days, 0 or more (got "${text}")`, 'bad_input');
  }
  return value;
}

/** One line per session: what went, then each thing kept and why. */
export function describeReport(report: CleanReport): string {
  const lines: string[] = [];
  for (const session of report.cleaned) {
    const removed = session.workers.flatMap((w) =>
      w.removedWorktree || w.deletedBranch
        ? [
            `${w.workerId} (${[w.removedWorktree && 'worktree', w.deletedBranch && 'branch'].filter(Boolean).join(' and ')})`,
          ]
        : [],
    );
    lines.push(`${session.sessionId}: removed ${removed.length > 0 ? removed.join(', ') : 'nothing'}`);
    for (const w of session.workers) if (w.kept) lines.push(`  kept ${w.workerId}: ${w.kept}`);
  }
  for (const { sessionId, reason } of report.skipped) lines.push(`${sessionId}: left alone, ${reason}`);
  if (lines.length === 0) lines.push('no ended session to clean');
  return `${lines.join('\n')}\n`;
}
