export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface QuitGuardOptions {
  /** A worker that ignores every signal must not keep the app open forever. */
  timeoutMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/**
 * Electron does not wait for async work in before-quit, so the first quit is cancelled, every worker is
 * stopped (and its session folder finished), and only then the app quits for real.
 */
export function installQuitGuard(
  app: QuittableApp,
  stopAll: () => Promise<void>,
  options: QuitGuardOptions = {},
): void {
  const { timeoutMs = 20_000, log = console.error } = options;
  let phase: 'running' | 'stopping' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'done') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log(`workers still running after ${timeoutMs} ms; quitting anyway`);
        resolve();
      }, timeoutMs);
    });
    void Promise.race([
      stopAll().catch((error: unknown) => log('stopping the workers failed', error)),
      deadline,
    ]).then(() => {
      clearTimeout(timer);
      phase = 'done';
      app.quit();
    });
  });
}
