import { shortcut } from './shortcut';
import type { UiCommand } from './types';

export const goNewTask: UiCommand = {
  name: 'go-new-task',
  scope: 'app',
  label: () => 'New task',
  shortcut: shortcut('Alt+N'),
  unavailable: () => null,
  perform: ({ state }) => state.showNewTask(),
};

export const goSessions: UiCommand = {
  name: 'go-sessions',
  scope: 'app',
  label: () => 'Sessions',
  shortcut: shortcut('Alt+S'),
  unavailable: () => null,
  perform: ({ state }) => state.showSessions(),
};

export const goSettings: UiCommand = {
  name: 'go-settings',
  scope: 'app',
  label: () => 'Settings',
  shortcut: shortcut('Mod+,'),
  unavailable: ({ state }) => (state.capabilities.config ? null : 'settings are not available here yet'),
  perform: ({ state }) => state.showSettings(),
};

const NEXT_THEME = { system: 'light', light: 'dark', dark: 'system' } as const;

export const toggleTheme: UiCommand = {
  name: 'toggle-theme',
  scope: 'app',
  icon: '◐',
  label: ({ state }) => `Theme: ${state.theme} (switch to ${NEXT_THEME[state.theme]})`,
  shortcut: shortcut('Alt+T'),
  unavailable: () => null,
  perform: ({ state }) => state.setTheme(NEXT_THEME[state.theme]),
};
