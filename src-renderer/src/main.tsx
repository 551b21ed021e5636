import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createIpcClient } from './client/ipc-client';
import { App } from './components/app';
import { StoreContext } from './store/context';
import { createAppStore } from './store/store';
import './styles.css';

/** Survives a reload of the window (not a restart), so a reload lands back on the open session. */
const OPEN_SESSION_KEY = 'orchestrator.openSession';

const root = createRoot(document.getElementById('root')!);
if (!window.orchestrator) {
  root.render(
    <p role="alert">This page runs inside the Orchestrator app; its bridge to the app is missing.</p>,
  );
} else {
  const client = createIpcClient(window.orchestrator);
  const store = createAppStore(client);
  client.onEvents((payload) => store.getState().applyEvents(payload));
  const reopen = sessionStorage.getItem(OPEN_SESSION_KEY);
  let remembered = reopen;
  store.subscribe((state) => {
    const open = state.screen === 'session' ? (state.view?.sessionId ?? null) : null;
    if (open === remembered) return;
    remembered = open;
    if (open) sessionStorage.setItem(OPEN_SESSION_KEY, open);
    else sessionStorage.removeItem(OPEN_SESSION_KEY);
  });
  if (reopen) void store.getState().openSession(reopen);
  root.render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App client={client} />
      </StoreContext.Provider>
    </StrictMode>,
  );
}
