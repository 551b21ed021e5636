import { describe, expect, it, vi } from 'vitest';

// Electron's BrowserWindow, doubled: records the options the app opens its window with.
const created = vi.hoisted(() => [] as { options: Record<string, unknown>; url: string | null }[]);
vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class BrowserWindow extends EventEmitter {
    readonly webContents = Object.assign(new EventEmitter(), { id: 1 });
    readonly record: { options: Record<string, unknown>; url: string | null };
    constructor(options: Record<string, unknown>) {
      super();
      this.record = { options, url: null };
      created.push(this.record);
    }
    async loadURL(url: string) {
      this.record.url = url;
    }
    show() {}
  }
  return { BrowserWindow };
});

const { createMainWindow } = await import('./window');

function open() {
  created.length = 0;
  createMainWindow({
    preload: '/app/out/preload/index.cjs',
    url: 'app://orchestrator/index.html',
    onDocumentGone() {},
  });
  expect(created).toHaveLength(1);
  return created[0]!;
}

describe('createMainWindow', () => {
  it('opens the page sandboxed, isolated, without Node, webviews or insecure content', () => {
    expect(open().options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it.each([
    // Its own partition or session would not be the default session hardenSession locks down.
    'partition',
    'session',
    'nodeIntegrationInWorker',
    'experimentalFeatures',
    'enableBlinkFeatures',
    'additionalArguments',
  ])('sets no %s', (key) => {
    expect(open().options.webPreferences).not.toHaveProperty(key);
  });

  it('loads exactly the URL it is given', () => {
    expect(open().url).toBe('app://orchestrator/index.html');
  });
});
