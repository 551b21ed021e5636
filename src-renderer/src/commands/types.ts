import type { AppState } from '../store/types';
import type { KeyLike, Shortcut } from './shortcut';

export interface CommandContext {
  state: AppState;
  /** The worker a pane's button is about, or the focused pane for a shortcut. */
  workerId: string | null;
  /** The key press that invoked it, when a shortcut did (1–9 read which digit). */
  key?: KeyLike;
}

/** Where a command applies: worker and session commands only on the session screen. */
export type CommandScope = 'worker' | 'session' | 'app';

/**
 * A UI command as data (Excalidraw's actions): the same object drives a button — its label, its tooltip
 * with the shortcut, why it is disabled — and the keyboard.
 */
export interface UiCommand {
  name: string;
  scope: CommandScope;
  label(ctx: CommandContext): string;
  /** Shown on compact buttons; the label stays the accessible name. */
  icon?: string;
  shortcut?: Shortcut;
  /** Stops something: styled as such. */
  danger?: boolean;
  /** null when the command can run now, else why not, in words for the tooltip. */
  unavailable(ctx: CommandContext): string | null;
  perform(ctx: CommandContext): void | Promise<void>;
}
