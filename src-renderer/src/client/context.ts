import { createContext, useContext } from 'react';
import type { OrchestratorClient } from './orchestrator-client';

export const ClientContext = createContext<OrchestratorClient | null>(null);

/** For what the store does not keep: raw log pages, diffs, doctor, config. */
export function useClient(): OrchestratorClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient needs a ClientContext provider');
  return client;
}
