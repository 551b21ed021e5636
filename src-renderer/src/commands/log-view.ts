import { focusLater } from './dom';
import { shortcut } from './shortcut';
import type { UiCommand } from './types';

export const findInLog: UiCommand = {
  name: 'find-in-log',
  scope: 'session',
  label: () => 'Search the log',
  shortcut: shortcut('/'),
  unavailable: ({ state }) => (state.dock || state.focusedWorker ? null : 'open a worker’s log first (L)'),
  perform: ({ state }) => {
    const workerId = state.dock?.workerId ?? state.focusedWorker!;
    state.openDock(workerId, 'normalized');
    focusLater('#log-search');
  },
};

export const toggleFollow: UiCommand = {
  name: 'toggle-follow',
  scope: 'session',
  icon: '⤓',
  label: ({ state }) => (state.followTail ? 'Stop following the newest lines' : 'Follow the newest lines'),
  shortcut: shortcut('F'),
  unavailable: ({ state }) => (state.dock && state.dock.mode !== 'diff' ? null : 'no log is open'),
  perform: ({ state }) => state.setFollowTail(!state.followTail),
};

export const closeDock: UiCommand = {
  name: 'close-dock',
  scope: 'session',
  icon: '✕',
  label: () => 'Close the log panel',
  shortcut: shortcut('Escape'),
  unavailable: ({ state }) => (state.dock ? null : 'no log is open'),
  perform: ({ state }) => state.closeDock(),
};
