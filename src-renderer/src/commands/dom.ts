/** Moves keyboard focus to a worker's pane, so Tab continues from there. */
export function focusPane(workerId: string): void {
  const pane = globalThis.document?.querySelector<HTMLElement>(`[data-worker="${CSS.escape(workerId)}"]`);
  pane?.focus();
}

/** After React has rendered what a command opened. */
export function focusLater(selector: string): void {
  requestAnimationFrame(() => globalThis.document?.querySelector<HTMLElement>(selector)?.focus());
}
