import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { COMMAND_NAMES, type CommandName, type EventChannel } from '../src-shared/ipc/channels';
import type { OrchestratorApi } from '../src-shared/ipc/contract';

const EVENTS: EventChannel = 'session:events';
const RECEIVED: CommandName = 'session:received';

/**
 * Tells the main process the page holds a batch, once its listener has taken it: main sends a page only a
 * bounded number of events ahead of what it confirmed, so a page that falls behind (a hidden, throttled
 * window) holds up its own stream instead of piling batches up in the main process.
 */
function confirm(payload: unknown): void {
  const { sessionId, lastSeq } = (payload ?? {}) as { sessionId?: unknown; lastSeq?: unknown };
  if (typeof sessionId !== 'string' || typeof lastSeq !== 'number') return;
  ipcRenderer.invoke(RECEIVED, { sessionId, seq: lastSeq }).catch(() => undefined);
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
