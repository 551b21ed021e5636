import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { COMMAND_NAMES, type CommandName, type EventChannel } from '../src-shared/ipc/channels';
import type { OrchestratorApi } from '../src-shared/ipc/contract';

const EVENTS: EventChannel = 'session:events';
const RECEIVED: CommandName = 'session:received';

/**
 * Events the page may hold unconfirmed before it says so at once; smaller batches are confirmed together
 * a moment later. Main sends at most 50,000 ahead of what was confirmed: both are far below that.
 */
const CONFIRM_EVERY_EVENTS = 2_000;
const CONFIRM_AFTER_MS = 200;
const unconfirmed = new Map<
  string,
  { seq: number; confirmed: number; timer: ReturnType<typeof setTimeout> | null }
>();

function send(sessionId: string): void {
  const state = unconfirmed.get(sessionId);
  if (!state) return;
  if (state.timer !== null) clearTimeout(state.timer);
  state.timer = null;
  state.confirmed = state.seq;
  ipcRenderer.invoke(RECEIVED, { sessionId, seq: state.seq }).catch(() => undefined);
}

/**
 * Tells the main process the page holds a batch, once its listener has taken it: main sends a page only a
 * bounded number of events ahead of what it confirmed, so a page that falls behind (a hidden, throttled
 * window) holds up its own stream instead of piling batches up in the main process. Not once per batch:
 * a busy stream is confirmed every few thousand events, a trickle within CONFIRM_AFTER_MS.
 */
function confirm(payload: unknown): void {
  const { sessionId, lastSeq } = (payload ?? {}) as { sessionId?: unknown; lastSeq?: unknown };
  if (typeof sessionId !== 'string' || typeof lastSeq !== 'number') return;
  let state = unconfirmed.get(sessionId);
  if (!state) {
    state = { seq: lastSeq, confirmed: 0, timer: null };
    unconfirmed.set(sessionId, state);
  }
  state.seq = lastSeq;
  // A resubscription starts again from an older seq: confirmed counts from there.
  if (state.confirmed > lastSeq) state.confirmed = 0;
  if (state.seq - state.confirmed >= CONFIRM_EVERY_EVENTS) send(sessionId);
  else state.timer ??= setTimeout(() => send(sessionId), CONFIRM_AFTER_MS);
}

/**
 * Builds `window.orchestrator` from the contract's names: `session:start` becomes `session.start(input)`.
 * Page code never gets ipcRenderer, a channel-name parameter or Electron's event object.
 */
function buildApi(): OrchestratorApi {
  const groups: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const name of COMMAND_NAMES) {
    const [noun, verb] = name.split(':') as [string, string];
    groups[noun] ??= {};
    groups[noun][verb] = (input: unknown) => ipcRenderer.invoke(name, input);
  }
  const onEvents = (listener: (payload: unknown) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvents needs a function');
    const forward = (_event: IpcRendererEvent, payload: unknown): void => {
      try {
        listener(payload);
      } finally {
        confirm(payload);
      }
    };
    ipcRenderer.on(EVENTS, forward);
    return () => {
      ipcRenderer.removeListener(EVENTS, forward);
    };
  };
  return { ...groups, onEvents } as unknown as OrchestratorApi;
}

contextBridge.exposeInMainWorld('orchestrator', buildApi());
