/**
 * Runs the real preload bundle (CommonJS, as Electron's sandbox loads it) in the page, with `require('electron')`
 * answered by a small stand-in: ipcRenderer.invoke goes to the exposed binding `__e2eInvokeJson` (which
 * forwards to the main process and answers in JSON text), events come in through `__e2eEmit`, and contextBridge puts the API on window.
 * Only the top frame gets it, like a preload without nodeIntegrationInSubFrames.
 */
export function preloadInitScript(preloadCode: string): string {
  return `(() => {
  if (window.top !== window) return;
  const listeners = new Map();
  const ipcRenderer = {
    invoke: (channel, input) => window.__e2eInvokeJson(channel, input).then((json) => JSON.parse(json)),
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
  // The harness's messages, numbered from its first to this document (base): delivered in that order.
  let expected = null;
  const held = new Map();
  Object.defineProperty(window, '__e2eDeliver', {
    value(seq, base, list) {
      if (expected === null) expected = base;
      if (seq < expected) return;
      held.set(seq, list);
      for (let next = held.get(expected); next; next = held.get(expected)) {
        held.delete(expected);
        expected += next.length;
        for (const [channel, json] of next) window.__e2eEmit(channel, JSON.parse(json));
      }
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
