import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ClientContext } from './client/context';
import { sessionFromLocation } from './client/http-client';
import { selectClient } from './client/select-client';
import { App } from './components/app';
import { StoreContext } from './store/context';
import { redrawPerFrame } from './store/redraw-per-frame';
import { createAppStore } from './store/store';
import './styles.css';

/** Dispatched on window after each batch of events is in the store; its detail is the batch. */
const APPLIED_EVENT = 'orchestrator:applied';

/** Survives a reload of the window (not a restart), so a reload lands back on the open session. */
const OPEN_SESSION_KEY = 'orchestrator.openSession';

const root = createRoot(document.getElementById('root')!);
const client = selectClient(window);
if (!client) {
  root.render(
    <p role="alert">This page runs inside the Orchestrator app; its bridge to the app is missing.</p>,
  );
} else {
  const store = createAppStore(client);
  // Each batch goes into the store as it arrives; the components redraw at most once per frame however
  // many arrive (see redrawPerFrame).
  const perFrame = redrawPerFrame(store);
  client.onEvents((payload) => {
    perFrame.quietly(() => store.getState().applyEvents(payload));
    // Says in the page that these events are in the store: what a benchmark of their latency times.
    window.dispatchEvent(new CustomEvent(APPLIED_EVENT, { detail: payload }));
  });

  const applyTheme = (theme: string): void => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  };
  applyTheme(store.getState().theme);

  // A reload lands back on the open session; a dashboard link of `run … --serve` opens on its session.
  const reopen = sessionStorage.getItem(OPEN_SESSION_KEY) ?? sessionFromLocation(window.location);
  let remembered = reopen;
  store.subscribe((state, previous) => {
    if (state.theme !== previous.theme) applyTheme(state.theme);
    const open = state.screen === 'session' ? (state.view?.sessionId ?? null) : null;
    if (open === remembered) return;
    remembered = open;
    if (open) sessionStorage.setItem(OPEN_SESSION_KEY, open);
    else sessionStorage.removeItem(OPEN_SESSION_KEY);
  });
  if (reopen) void store.getState().openSession(reopen);
  root.render(
    <StrictMode>
      <ClientContext.Provider value={client}>
        <StoreContext.Provider value={perFrame.store}>
          <App />
        </StoreContext.Provider>
      </ClientContext.Provider>
    </StrictMode>,
  );
}
