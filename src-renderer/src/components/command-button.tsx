import type { UiCommand } from '../commands/types';
import { useApp, useAppStore } from '../store/context';

interface Props {
  command: UiCommand;
  /** The worker a pane's button acts on; session and app commands leave it out. */
  workerId?: string;
  /** Icon only (the label stays the accessible name and the tooltip). */
  compact?: boolean;
  /** A shorter visible text where the context says the rest ("Log" in claude's pane). */
  text?: string;
  className?: string;
  /** Marks the navigation entry of the screen on show. */
  current?: boolean;
}

/**
 * A button driven by a command: its label, its tooltip with the shortcut, and — when it cannot run — the
 * reason, readable by hovering and by screen readers. aria-disabled rather than disabled, so the button
 * stays focusable and its tooltip still shows.
 */
export function CommandButton({ command, workerId, compact = false, text, className, current }: Props) {
  const store = useAppStore();
  const ctxOf = (state: ReturnType<typeof store.getState>) => ({ state, workerId: workerId ?? null });
  const reason = useApp((state) => command.unavailable(ctxOf(state)));
  const label = useApp((state) => command.label(ctxOf(state)));
  const keys = command.shortcut ? ` (${command.shortcut.label})` : '';
  const tooltip = reason ? `${label}${keys} — ${reason}` : `${label}${keys}`;
  const classes = [compact ? 'icon-button' : null, command.danger ? 'danger' : null, className]
    .filter(Boolean)
    .join(' ');
  return (
    <button
      type="button"
      className={classes || undefined}
      aria-disabled={reason !== null}
      aria-label={compact || text !== undefined ? label : undefined}
      aria-keyshortcuts={command.shortcut?.aria}
      title={tooltip}
      data-command={command.name}
      aria-current={current ? 'page' : undefined}
      onClick={() => {
        const ctx = ctxOf(store.getState());
        if (command.unavailable(ctx) === null) void command.perform(ctx);
      }}
    >
      {command.icon ? (
        <span className="command-icon" aria-hidden="true">
          {command.icon}
        </span>
      ) : null}
      {compact ? null : <span>{text ?? label}</span>}
    </button>
  );
}
