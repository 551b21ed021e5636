import { createHttpClient, tokenFromLocation } from './http-client';
import { createIpcClient } from './ipc-client';
import type { OrchestratorClient } from './orchestrator-client';

/**
 * The app's bridge inside the desktop app; the HTTP API when the page is the dashboard a browser opened
 * from the link `orchestrate serve` prints (its token in the fragment); null when it is neither.
 */
export function selectClient(win: Pick<Window, 'orchestrator' | 'location'>): OrchestratorClient | null {
  if (win.orchestrator) return createIpcClient(win.orchestrator);
  const token = tokenFromLocation(win.location);
  return token === null ? null : createHttpClient({ baseUrl: win.location.origin, token });
}
