import type { Command } from 'commander';
import { workspaceOption } from '../workspace-option';
import { UserInputError } from '../../coordinator/errors';
import { recoverWorkspace, type InterruptedSession } from '../../store/recover-workspace';
import { listSessions, loadSession } from '../../store/session-index';
import { openDecisionsOf } from '../../../src-shared/state/oversight';
import { sessionSpend } from '../../../src-shared/state/spend';
import { formatCost, tokens } from '../../../src-shared/log/text';
import { describeSpend, spendCost } from '../../../src-shared/log/spend-text';
import { describeOpenDecisions } from '../open-decisions';
import { stdoutWrite } from '../output';
import { terminalSafe } from '../terminal-safe';

interface ListOptions {
  json?: boolean;
  workspace?: string;
}

export function registerSessions(program: Command): void {
  program
    .command('sessions')
    .description('list stored sessions, newest first')
    .option('--json', 'print JSON')
    .option('--workspace <dir>', 'where session folders are')
    .action((options: ListOptions) => {
      const workspace = workspaceOption(options.workspace);
      // A session left "running" by an orchestrator that died is found and marked interrupted first.
      warnUnrecorded(recoverWorkspace(workspace));
      const sessions = listSessions(workspace);
      if (options.json) {
        const items = sessions.map(({ state, folder }) => ({
          sessionId: state.sessionId,
          status: state.status,
          startedAt: state.startedAt,
          endedAt: state.endedAt,
          task: state.task,
          repo: state.repo,
          demo: state.demo,
          folder,
          spend: sessionSpend(state),
        }));
        stdoutWrite(`${JSON.stringify(items, null, 2)}\n`);
        return;
      }
      if (sessions.length === 0) {
        stdoutWrite('no sessions yet\n');
        return;
      }
      for (const { state } of sessions) {
        const task = state.task.length > 60 ? `${state.task.slice(0, 59)}…` : state.task;
        const cost = spendCost(sessionSpend(state).total).padEnd(10);
        stdoutWrite(
          `${state.sessionId}  ${state.status.padEnd(11)} ${state.startedAt}  ${cost} ${terminalSafe(task)}\n`,
        );
      }
    });

  program
    .command('show')
    .description("show a session's summary and workers")
    .argument('<id>', 'session id (see `orchestrate sessions`)')
    .option('--json', 'print the summary JSON (summary.json, or the state when the session has none yet)')
    .option('--workspace <dir>', 'where session folders are')
    .action((id: string, options: ListOptions) => {
      const workspace = workspaceOption(options.workspace);
      warnUnrecorded(recoverWorkspace(workspace));
      const stored = loadSession(workspace, id);
      if (!stored) throw new UserInputError(`no session ${id}`, 'not_found');
      if (options.json) {
        // The open decisions ride along: summary.json has no place for them, and they are what a paused run asks.
        const openDecisions = openDecisionsOf(stored.state);
        stdoutWrite(`${JSON.stringify({ ...(stored.summary ?? stored.state), openDecisions }, null, 2)}\n`);
        return;
      }
      const { state } = stored;
      const lines = [
        `session  ${state.sessionId} (${state.status}${state.demo ? ', demo agents' : ''})`,
        `task     ${state.task}`,
        `repo     ${state.repo}`,
        `folder   ${stored.folder}`,
        `started  ${state.startedAt}${state.endedAt ? `   ended ${state.endedAt}` : ''}`,
        '',
        `spend    ${describeSpend(sessionSpend(state)).replace('\n', '\n         ')}`,
        '',
        ...state.workers.map((w) => {
          // The summary's files come from the diff (a CLI writing through its shell names none itself).
          const files = stored.summary?.workers.find((s) => s.workerId === w.workerId)?.filesChanged;
          return (
            `${w.workerId.padEnd(8)} ${w.status.padEnd(14)} exit ${String(w.exitCode ?? '-').padEnd(4)} ` +
            `${(files ?? w.filesChanged).length} files  ${tokens(w.tokens.input + w.tokens.output)} tokens` +
            `${w.costUsd !== null ? `  ${formatCost(w.costUsd)}` : ''}${w.model ? `  ${w.model}` : ''}` +
            `${w.branch ? `  ${w.branch}` : ''}` +
            `${w.statusReason ? `\n         ${w.statusReason}` : ''}`
          );
        }),
      ];
      // The reasons and the task may quote what an agent or a request wrote.
      stdoutWrite(`${terminalSafe(lines.join('\n'))}\n`);
      const open = describeOpenDecisions(state);
      if (open) stdoutWrite(`\n${open}`);
    });
}

/** A session whose folder could not take the "interrupted" mark still reads as live: say why, once each. */
function warnUnrecorded(found: InterruptedSession[]): void {
  for (const { sessionId, unrecorded } of found) {
    if (!unrecorded) continue;
    process.stderr.write(
      `orchestrate: session ${sessionId} was interrupted, but its folder is not writable: ` +
        `${unrecorded.code} (${unrecorded.message}) at ${unrecorded.path}\n`,
    );
  }
}
