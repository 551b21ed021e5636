/**
 * Runs the real preload bundle (CommonJS, as Electron's sandbox loads it) in the page, with `require('electron')`
 * answered by a small stand-in: ipcRenderer.invoke goes to the exposed binding `__e2eInvoke` (which forwards
 * to the main process), events come in through `__e2eEmit`, and contextBridge puts the API on window.
 * Only the top frame gets it, like a preload without nodeIntegrationInSubFrames.
 */
export function preloadInitScript(preloadCode: string): string {
  return `(() => {
  if (window.top !== window) return;
  const listeners = new Map();
  const ipcRenderer = {
    invoke: (channel, input) => window.__e2eInvoke(channel, input),
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  const contextBridge = {
    exposeInMainWorld(key, api) {
      Object.defineProperty(window, key, { value: Object.freeze(api), enumerable: true });
    },
  };
  Object.defineProperty(window, '__e2eEmit', {
    value(channel, payload) {
      for (const listener of listeners.get(channel) ?? []) listener({ senderId: 0 }, payload);
    },
  });
  const module = { exports: {} };
  const require = (name) => {
    if (name === 'electron') return { ipcRenderer, contextBridge };
    throw new Error('a sandboxed preload cannot require ' + name);
  };
  (function (exports, require, module) {
${preloadCode}
  })(module.exports, require, module);
})();`;
}
