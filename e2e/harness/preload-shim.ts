/** The path the Electron double serves main's messages to the page on (e2e/electron-double/electron.mjs). */
export const TO_PAGE_PATH = '/__e2e/ipc';

/**
 * Runs the real preload bundle (CommonJS, as Electron's sandbox loads it) in the page, with `require('electron')`
 * answered by a small stand-in: ipcRenderer.invoke goes to the exposed binding `__e2eInvokeJson` (which
 * forwards to the main process and answers in JSON text), main's messages come straight from the main
 * process on a stream the document opens at its start (a JSON line each, in the order sent) and go to
 * the listeners through `__e2eEmit` (which a test may call too), and contextBridge puts the API on window.
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
  // Each message is handed on as soon as its line is complete, like Electron's renderer runs an IPC
  // message's listeners as soon as it arrives.
  (async () => {
    const response = await fetch(${JSON.stringify(TO_PAGE_PATH)}, { cache: 'no-store' });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let partial = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const lines = (partial + value).split('\\n');
      partial = lines.pop();
      for (const line of lines) {
        const [channel, payload] = JSON.parse(line);
        // A listener that throws is reported as uncaught, as in Electron, and the next message still comes.
        try {
          window.__e2eEmit(channel, payload);
        } catch (error) {
          reportError(error);
        }
      }
    }
  })().catch((error) => console.error("main's messages stopped: " + error));
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
