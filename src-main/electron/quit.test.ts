import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { installQuitGuard } from './quit';

/** Behaves like Electron's app: quit() emits before-quit and quits only when nobody prevented it. */
class FakeApp extends EventEmitter {
  quitted = false;
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quitted = true;
  }
}

describe('quit guard', () => {
  it('holds the quit until every worker is stopped, then quits', async () => {
    const app = new FakeApp();
    let finish!: () => void;
    const stopAll = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    installQuitGuard(app, stopAll);

    app.quit();
    app.quit();
    expect(app.quitted).toBe(false);
    expect(stopAll).toHaveBeenCalledTimes(1);

    finish();
    await vi.waitFor(() => expect(app.quitted).toBe(true));
  });

  it('quits anyway after the deadline when a worker ignores every signal', async () => {
    vi.useFakeTimers();
    try {
      const app = new FakeApp();
      const log = vi.fn();
      installQuitGuard(app, () => new Promise(() => {}), { timeoutMs: 1000, log });
      app.quit();
      await vi.advanceTimersByTimeAsync(999);
      expect(app.quitted).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(app.quitted).toBe(true);
      expect(log).toHaveBeenCalledWith(expect.stringContaining('quitting anyway'));
    } finally {
      vi.useRealTimers();
    }
  });

  it('still quits when stopping fails', async () => {
    const app = new FakeApp();
    const log = vi.fn();
    installQuitGuard(app, async () => Promise.reject(new Error('boom')), { log });
    app.quit();
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(log).toHaveBeenCalledWith('stopping the workers failed', expect.any(Error));
  });
});
