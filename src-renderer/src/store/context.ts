import { createContext, useContext } from 'react';
import type { AppStore } from './store';
import type { AppState } from './types';

export const StoreContext = createContext<AppStore | null>(null);

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp needs a StoreContext provider');
  return store;
}

/** Select narrowly: a component re-renders only when what it selects changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useAppStore()(selector);
}
