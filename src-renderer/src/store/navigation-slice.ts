import type { NavigationSlice, Slice } from './types';

export const navigationSlice = (): Slice<NavigationSlice> => (set) => ({
  screen: 'new',
  showNewTask: () => set({ screen: 'new' }),
  showSessions: () => set({ screen: 'sessions' }),
  showSettings: () => set({ screen: 'settings' }),
});
