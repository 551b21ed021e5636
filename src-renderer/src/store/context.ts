import { createContext, useContext } from 'react';
import type { AppState, AppStore } from './store';

export const StoreContext = createContext<AppStore | null>(null);

/** Select narrowly: a component re-renders only when what it selects changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  const useStore = useContext(StoreContext);
  if (!useStore) throw new Error('useApp needs a StoreContext provider');
  return useStore(selector);
}
