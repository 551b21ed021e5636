import { BrowserWindow } from 'electron';

export interface MainWindowOptions {
  preload: string;
  url: string;
  /** The document that held IPC subscriptions is gone (reload, navigation, crash, close). */
  onDocumentGone: (contentsId: number) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Orchestrator',
    backgroundColor: '#f5f6f8',
    webPreferences: {
      preload: options.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle-click would open links in a new window; the open handler denies it anyway, this removes the event.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const contents = window.webContents;
  // Read now: a destroyed webContents throws on every property access.
  const contentsId = contents.id;
  const gone = (): void => options.onDocumentGone(contentsId);
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) gone();
  });
  contents.on('render-process-gone', gone);
  contents.once('destroyed', gone);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}
