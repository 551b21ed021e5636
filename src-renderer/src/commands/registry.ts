import type { Screen } from '../store/types';
import { focusWorkerByNumber, nextWorker, previousWorker } from './focus-worker';
import { closeDock, findInLog, toggleFollow } from './log-view';
import { goNewTask, goSessions, goSettings, toggleTheme } from './navigate';
import { openDiff } from './open-diff';
import { openLog, openRawLog } from './open-log';
import { pauseSession } from './pause-session';
import { pauseWorker } from './pause-worker';
import { resumeSession } from './resume-session';
import { resumeWorker } from './resume-worker';
import { reviewWorker } from './review-worker';
import type { KeyLike } from './shortcut';
import { stopSession } from './stop-session';
import { stopWorker } from './stop-worker';
import type { CommandContext, UiCommand } from './types';

/** Every command with a shortcut, in the order keys are tried. */
export const COMMANDS: readonly UiCommand[] = [
  pauseWorker,
  resumeWorker,
  stopWorker,
  reviewWorker,
  pauseSession,
  resumeSession,
  stopSession,
  openLog,
  openRawLog,
  openDiff,
  findInLog,
  toggleFollow,
  closeDock,
  focusWorkerByNumber,
  nextWorker,
  previousWorker,
  goNewTask,
  goSessions,
  goSettings,
  toggleTheme,
];

export const appliesOn = (command: UiCommand, screen: Screen): boolean =>
  command.scope === 'app' || screen === 'session';

/** Label and shortcut, then why not when it cannot run: what a button's tooltip says. */
export function tooltipOf(
  command: UiCommand,
  ctx: CommandContext,
  reason = command.unavailable(ctx),
): string {
  const label = `${command.label(ctx)}${command.shortcut ? ` (${command.shortcut.label})` : ''}`;
  return reason ? `${label} — ${reason}` : label;
}

export type KeyOutcome =
  { handled: false } | { handled: true; command: UiCommand; refused: string | null; done: Promise<void> };

/**
 * Finds the command a key press means on this screen and runs it, or says why it cannot run. Single keys
 * are ignored while the person types in a field; chords (Ctrl/⌘/Alt) are not.
 */
export function runShortcut(event: KeyLike, ctx: CommandContext, typing: boolean): KeyOutcome {
  for (const command of COMMANDS) {
    if (!command.shortcut || !appliesOn(command, ctx.state.screen)) continue;
    if (typing && !command.shortcut.chord) continue;
    if (!command.shortcut.test(event)) continue;
    const scoped = {
      ...ctx,
      key: event,
      workerId: command.scope === 'worker' ? ctx.state.focusedWorker : ctx.workerId,
    };
    const refused = command.unavailable(scoped);
    const done = refused ? Promise.resolve() : Promise.resolve(command.perform(scoped));
    return { handled: true, command, refused, done };
  }
  return { handled: false };
}
