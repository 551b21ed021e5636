import type { Slice, Theme, UiSlice } from './types';

export const THEME_KEY = 'orchestrator.theme';

function storedTheme(): Theme {
  try {
    const value = globalThis.localStorage?.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

export const uiSlice = (): Slice<UiSlice> => (set) => ({
  focusedWorker: null,
  dock: null,
  theme: storedTheme(),
  dismissedDecisionSeq: 0,
  notice: null,
  followTail: true,
  sessionTab: 'workers',
  showSessionTab: (sessionTab) => set({ sessionTab }),
  focusMode: null,
  // Focus mode shows the worker's log beside it: the log panel opens on that worker.
  setFocusMode: (workerId) =>
    set((s) =>
      workerId === null
        ? { focusMode: null }
        : {
            focusMode: workerId,
            focusedWorker: workerId,
            dock: { workerId, mode: s.dock?.workerId === workerId ? s.dock.mode : 'normalized' },
          },
    ),
  setFollowTail: (followTail) => set({ followTail }),
  focusWorker: (workerId) => set({ focusedWorker: workerId }),
  openDock: (workerId, mode) =>
    set((s) => ({ dock: { workerId, mode: mode ?? s.dock?.mode ?? 'normalized' }, focusedWorker: workerId })),
  closeDock: () => set({ dock: null }),
  setTheme: (theme) => {
    try {
      globalThis.localStorage?.setItem(THEME_KEY, theme);
    } catch {
      // Storage can be unavailable (private mode, tests); the choice then lasts until the window closes.
    }
    set({ theme });
  },
  dismissDecision: (seq) => set({ dismissedDecisionSeq: seq }),
  say: (notice) => set({ notice }),
});
