import { useStore, type StoreApi } from 'zustand';
import type { AppStore } from './store';
import type { AppState } from './types';

type Listener = (state: AppState, previous: AppState) => void;

export interface PerFrameStore {
  /** The store for the components: its state is the store's, its changes reach them as described below. */
  store: AppStore;
  /** Runs `change` (an event batch going into the store), leaving its redraw to the next frame. */
  quietly(change: () => void): void;
}

/**
 * The store as the page's components see it. An event batch goes into the store the moment it arrives,
 * so the state is current for whoever reads it, but the components hear of it at most once per animation
 * frame: a burst of batches is one redraw, and a batch never waits for a frame to be in the store. Every
 * other change (a click, a navigation) reaches them at once, together with any batches held so far.
 */
export function redrawPerFrame(
  store: AppStore,
  schedule: (redraw: () => void) => void = (redraw) => requestAnimationFrame(redraw),
): PerFrameStore {
  const listeners = new Set<Listener>();
  let quiet = false;
  /** The state before the first change the components have not heard of; null when there is none. */
  let held: AppState | null = null;
  const announce = (previous: AppState): void => {
    const state = store.getState();
    for (const listener of [...listeners]) listener(state, previous);
  };
  const redraw = (): void => {
    if (held === null) return;
    const previous = held;
    held = null;
    announce(previous);
  };
  store.subscribe((_state, previous) => {
    if (quiet) {
      if (held !== null) return;
      held = previous;
      schedule(redraw);
      return;
    }
    const from = held ?? previous;
    held = null;
    announce(from);
  });
  const api: StoreApi<AppState> = {
    getState: store.getState,
    getInitialState: store.getInitialState,
    setState: store.setState,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  const useBoundStore = <T>(selector?: (state: AppState) => T) =>
    useStore(api, selector ?? ((state: AppState) => state as T));
  return {
    store: Object.assign(useBoundStore, api) as AppStore,
    quietly: (change) => {
      quiet = true;
      try {
        change();
      } finally {
        quiet = false;
      }
    },
  };
}
