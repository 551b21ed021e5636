// A test double of the parts of Electron's main-process API the app uses. It runs the real main bundle in
// plain Node and talks to the Playwright test over the Node IPC channel: the test drives a real Chromium
// page (with the real preload and renderer bundles) and relays IPC in both directions.
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';

const post = (message) => process.send?.(message);
const env = process.env;

let nextContentsId = 1;
const paths = new Map([['appData', env.E2E_APP_DATA ?? process.cwd()]]);
const privilegedSchemes = [];
const protocolHandlers = new Map();
const permission = { request: null, check: null };
const headerHooks = [];
const openedExternally = [];
const notifications = [];
const handlers = new Map();
let applicationMenu = null;
let singleInstanceRequested = false;
let server = null;

/**
 * Where the page's stand-in preload (e2e/harness/preload-shim.ts) reads main's messages (webContents.send)
 * from: one response it keeps open, a JSON line per message. Main writes to the page directly, in order
 * and without waiting for it, as Electron's IPC does; the test process gets a copy only to check it
 * against the contract.
 */
const TO_PAGE_PATH = '/__e2e/ipc';
const copyToTest = env.E2E_CHECK_EVENTS === '1';
/** The current document's stream, and what was sent while no document had one open. */
let toPage = null;
let unsent = [];

function sendToPage(channel, payload) {
  const line = `${JSON.stringify([channel, payload])}\n`;
  if (toPage) toPage.write(line);
  else unsent.push(line);
  if (copyToTest) post({ type: 'send', channel, payload });
}

/** A new document's stream replaces the old one's and gets what waited for it. */
function openToPage(res) {
  toPage?.end();
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.flushHeaders();
  toPage = res;
  if (unsent.length > 0) res.write(unsent.join(''));
  unsent = [];
  // A document that goes away closes its stream: nothing to report, the next document opens its own.
  res.on('error', () => {});
  res.on('close', () => {
    if (toPage === res) toPage = null;
  });
}

/** The document is going away: what main sends from now on is for the next one. */
function closeToPage() {
  toPage?.end();
  toPage = null;
}

function makeEvent(fields = {}) {
  return {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class AppDouble extends EventEmitter {
  isPackaged = false;
  #name = 'electron';
  #ready = false;
  #whenReady = new Promise((resolve) =>
    setImmediate(() => {
      this.#ready = true;
      this.emit('ready');
      resolve();
    }),
  );
  whenReady() {
    return this.#whenReady;
  }
  isReady() {
    return this.#ready;
  }
  getName() {
    return this.#name;
  }
  setName(name) {
    this.#name = name;
  }
  get name() {
    return this.#name;
  }
  getPath(name) {
    const path = paths.get(name);
    if (!path) throw new Error(`double: no path for ${name}`);
    return path;
  }
  setPath(name, path) {
    paths.set(name, path);
  }
  requestSingleInstanceLock() {
    singleInstanceRequested = true;
    return true;
  }
  quit() {
    const event = makeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.emit('will-quit', makeEvent());
    this.emit('quit', makeEvent(), 0);
    this.exit(0);
  }
  exit(code = 0) {
    closeToPage();
    server?.close();
    if (process.send) process.send({ type: 'exit', code }, () => process.exit(code));
    else process.exit(code);
  }
}
export const app = new AppDouble();

const session = {
  setPermissionRequestHandler: (handler) => (permission.request = handler),
  setPermissionCheckHandler: (handler) => (permission.check = handler),
  webRequest: { onHeadersReceived: (hook) => headerHooks.push(hook) },
  protocol: { handle: (scheme, handler) => protocolHandlers.set(scheme, handler) },
};
const defaultSessionHolder = { defaultSession: session };
export { defaultSessionHolder as session };

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => privilegedSchemes.push(...schemes),
  handle: session.protocol.handle,
};

/** `app://orchestrator` as the app loaded it, and the loopback http origin that stands in for it. */
let appOrigin = null;
let pageOrigin = null;
const schemeOf = (url) => new URL(url).protocol.slice(0, -1);

/** Serves the app's custom scheme over loopback http through the app's own handler, so Chromium can load it. */
async function serveScheme(scheme) {
  if (server) return;
  const handler = protocolHandlers.get(scheme);
  server = createServer(async (req, res) => {
    if (req.url === TO_PAGE_PATH) return openToPage(res);
    const url = `${appOrigin}${req.url}`;
    const response = await handler(new Request(url));
    let headers = {};
    response.headers.forEach((value, key) => (headers[key] = [value]));
    for (const hook of headerHooks) {
      hook({ url, responseHeaders: headers }, (result) => {
        if (result.responseHeaders) headers = result.responseHeaders;
      });
    }
    res.writeHead(
      response.status,
      Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.join(', ')])),
    );
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${server.address().port}`;
}

const toPageUrl = (url) =>
  appOrigin && url.startsWith(`${appOrigin}/`) ? pageOrigin + url.slice(appOrigin.length) : url;
const toAppUrl = (url) =>
  pageOrigin && url.startsWith(`${pageOrigin}/`) ? appOrigin + url.slice(pageOrigin.length) : url;

class WebContentsDouble extends EventEmitter {
  id = nextContentsId++;
  session = session;
  windowOpenHandler = null;
  mainFrame = { url: '', parent: null };
  #destroyed = false;
  send(channel, payload) {
    sendToPage(channel, payload);
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return this.#destroyed;
  }
  getURL() {
    return this.mainFrame.url;
  }
  destroy() {
    this.#destroyed = true;
    this.emit('destroyed');
  }
}

const windows = new Set();

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return [...windows];
  }
  #destroyed = false;
  #minimized = false;
  constructor(options = {}) {
    super();
    this.options = options;
    this.webContents = new WebContentsDouble();
    windows.add(this);
    app.emit('web-contents-created', makeEvent(), this.webContents);
  }
  async loadURL(url) {
    if (protocolHandlers.has(schemeOf(url))) {
      appOrigin = url.slice(0, url.indexOf('/', `${schemeOf(url)}://`.length));
      await serveScheme(schemeOf(url));
    }
    this.webContents.mainFrame.url = url;
    post({
      type: 'window',
      url: toPageUrl(url),
      preload: this.options.webPreferences?.preload ?? null,
      webPreferences: this.options.webPreferences ?? {},
    });
  }
  show() {}
  focus() {}
  restore() {
    this.#minimized = false;
  }
  isMinimized() {
    return this.#minimized;
  }
  /** The test's Chromium window is never the focused desktop window, so notifications show. */
  isFocused() {
    return false;
  }
  isDestroyed() {
    return this.#destroyed;
  }
  close() {
    this.#destroyed = true;
    windows.delete(this);
    this.webContents.destroy();
    this.emit('closed');
    if (windows.size === 0) app.emit('window-all-closed');
  }
}

export const ipcMain = {
  handle(channel, listener) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, listener);
  },
  removeHandler(channel) {
    handlers.delete(channel);
  },
};

export const dialog = {
  async showOpenDialog() {
    const picked = env.E2E_PICK_DIRECTORY;
    return picked ? { canceled: false, filePaths: [picked] } : { canceled: true, filePaths: [] };
  },
};

const openedPaths = [];
let clipboardText = '';

export const shell = {
  async openExternal(url) {
    openedExternally.push(url);
  },
  async openPath(path) {
    openedPaths.push(path);
    return '';
  },
};

export const clipboard = {
  writeText(text) {
    clipboardText = String(text);
  },
  readText() {
    return clipboardText;
  },
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options = {}) {
    super();
    this.options = options;
  }
  show() {
    notifications.push({ title: this.options.title, body: this.options.body });
  }
}

export const Menu = {
  buildFromTemplate: (template) => ({ items: template }),
  setApplicationMenu: (menu) => (applicationMenu = menu),
};

const mainWindow = () => [...windows][0];

/** Runs the app's own handlers the way Electron would call them and reports what they decided. */
function probe() {
  const window = mainWindow();
  const contents = window.webContents;
  // Electron's order: (webContents, permission, callback, details).
  const ask = (handler, contents, name) => {
    let answer;
    handler?.(contents, name, (granted) => (answer = granted), { requestingUrl: contents.getURL() });
    return answer;
  };
  const navigation = makeEvent({ url: 'https://example.com/' });
  contents.emit('will-navigate', navigation, navigation.url);
  const before = openedExternally.length;
  const allowedOpen = contents.windowOpenHandler?.({ url: 'https://github.com/' })?.action;
  const foreignOpen = contents.windowOpenHandler?.({ url: 'https://example.com/' })?.action;
  return {
    webPreferences: window.options.webPreferences,
    singleInstanceRequested,
    privilegedSchemes,
    permissionGranted: ask(permission.request, contents, 'media'),
    permissionCheck: permission.check?.(contents, 'media', appOrigin, {}),
    navigationPrevented: navigation.defaultPrevented,
    windowOpen: { allowed: allowedOpen, foreign: foreignOpen },
    openedExternally: openedExternally.slice(before),
    menuRoles: applicationMenu?.items.map((item) => item.role ?? item.label) ?? [],
    userData: app.getPath('userData'),
    notifications: [...notifications],
    openedPaths: [...openedPaths],
    clipboard: clipboardText,
  };
}

async function invoke({ channel, input, frameUrl, subframe }) {
  const listener = handlers.get(channel);
  if (!listener) throw new Error(`No handler registered for '${channel}'`);
  const contents = mainWindow().webContents;
  const url = toAppUrl(frameUrl);
  const frame = subframe ? { url, parent: contents.mainFrame } : { ...contents.mainFrame, url };
  return listener({ sender: contents, senderFrame: frame, processId: 1, frameId: subframe ? 2 : 1 }, input);
}

process.on('message', async (message) => {
  const reply = (result) => post({ type: 'reply', id: message.id, ...result });
  try {
    switch (message.type) {
      case 'invoke':
        reply({ value: await invoke(message) });
        break;
      case 'loaded':
        mainWindow()?.emit('ready-to-show');
        reply({ value: null });
        break;
      case 'navigate':
        closeToPage();
        mainWindow()?.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
        reply({ value: null });
        break;
      case 'probe':
        reply({ value: probe() });
        break;
      case 'quit':
        reply({ value: null });
        app.quit();
        break;
      default:
        reply({ error: `unknown message ${message.type}` });
    }
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error) });
  }
});
