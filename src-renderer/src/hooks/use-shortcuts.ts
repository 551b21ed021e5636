import { useEffect } from 'react';
import { runShortcut } from '../commands/registry';
import type { AppStore } from '../store/store';

const isTyping = (target: EventTarget | null): boolean => {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type)
  );
};

/** A modal dialog owns the keyboard while it is open. */
const inDialog = (): boolean => document.querySelector('[role="dialog"][aria-modal="true"]') !== null;

/** The registry's shortcuts, for the whole window. */
export function useShortcuts(store: AppStore): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.repeat || inDialog()) return;
      const state = store.getState();
      const outcome = runShortcut(event, { state, workerId: null }, isTyping(event.target));
      if (!outcome.handled) return;
      event.preventDefault();
      const { command, refused } = outcome;
      if (refused) state.say(`${command.label({ state, workerId: state.focusedWorker })}: ${refused}`);
      else if (state.notice) state.say(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
