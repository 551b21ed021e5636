import { EventEmitter } from 'node:events';
import type { Session } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_URL } from './app-origin';

// Electron's app and shell, doubled: guardWebContents listens on app, openIfAllowed calls shell.
const electron = vi.hoisted(() => ({
  app: null as unknown as EventEmitter,
  openExternal: vi.fn(async (_url: string) => undefined),
}));
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  electron.app = new Emitter();
  return { app: electron.app, shell: { openExternal: electron.openExternal } };
});

const { guardWebContents, hardenSession } = await import('./security');

type RequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;
type CheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;
type HeadersListener = NonNullable<Parameters<Session['webRequest']['onHeadersReceived']>[0]>;

// Every permission Electron's types name, as object keys so that a permission added in a newer Electron is a
// type error here until the test covers it.
const REQUESTS: Record<Parameters<RequestHandler>[1], true> = {
  'clipboard-read': true,
  'clipboard-sanitized-write': true,
  'display-capture': true,
  fullscreen: true,
  geolocation: true,
  'idle-detection': true,
  media: true,
  mediaKeySystem: true,
  midi: true,
  midiSysex: true,
  notifications: true,
  pointerLock: true,
  keyboardLock: true,
  openExternal: true,
  'speaker-selection': true,
  'storage-access': true,
  'top-level-storage-access': true,
  'window-management': true,
  unknown: true,
  fileSystem: true,
};
const CHECKS: Record<Parameters<CheckHandler>[1], true> = {
  'clipboard-read': true,
  'clipboard-sanitized-write': true,
  geolocation: true,
  fullscreen: true,
  hid: true,
  'idle-detection': true,
  media: true,
  mediaKeySystem: true,
  midi: true,
  midiSysex: true,
  notifications: true,
  openExternal: true,
  pointerLock: true,
  serial: true,
  'storage-access': true,
  'top-level-storage-access': true,
  usb: true,
  'deprecated-sync-clipboard-read': true,
  fileSystem: true,
};

const CSP = "default-src 'none'; script-src 'self'";

function hardened() {
  let request: RequestHandler | null = null;
  let check: CheckHandler | null = null;
  let headers: HeadersListener | null = null;
  const session = {
    setPermissionRequestHandler: (handler: RequestHandler | null) => (request = handler),
    setPermissionCheckHandler: (handler: CheckHandler | null) => (check = handler),
    webRequest: { onHeadersReceived: (listener: HeadersListener) => (headers = listener) },
  };
  hardenSession(session as unknown as Session, { csp: CSP, appUrl: APP_URL });
  if (!request || !check || !headers) throw new Error('hardenSession left a handler unset');
  return {
    request: request as RequestHandler,
    check: check as CheckHandler,
    headers: headers as HeadersListener,
  };
}

describe('hardenSession', () => {
  const contents = {} as Parameters<RequestHandler>[0];

  it.each(Object.keys(REQUESTS))('denies a request for %s from the app itself', (permission) => {
    const { request } = hardened();
    const callback = vi.fn();
    request(contents, permission as Parameters<RequestHandler>[1], callback, {
      requestingUrl: APP_URL,
    } as Parameters<RequestHandler>[3]);
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
  });

  it.each(Object.keys(CHECKS))('answers a check for %s with false', (permission) => {
    const { check } = hardened();
    expect(
      check(contents, permission as Parameters<CheckHandler>[1], 'app://orchestrator', {
        requestingUrl: APP_URL,
      } as Parameters<CheckHandler>[3]),
    ).toBe(false);
  });

  function respond(url: string, responseHeaders: Record<string, string[]> = {}) {
    const { headers } = hardened();
    const callback = vi.fn();
    headers({ url, responseHeaders } as unknown as Parameters<HeadersListener & object>[0], callback);
    expect(callback).toHaveBeenCalledOnce();
    return callback.mock.calls[0]![0] as { responseHeaders?: Record<string, string[]> };
  }

  it("puts the CSP on the app's own responses, keeping their other headers", () => {
    expect(respond('app://orchestrator/assets/app.js', { 'X-Content-Type-Options': ['nosniff'] })).toEqual({
      responseHeaders: { 'X-Content-Type-Options': ['nosniff'], 'Content-Security-Policy': [CSP] },
    });
  });

  it('replaces a weaker policy the response brought', () => {
    expect(
      respond('app://orchestrator/index.html', { 'Content-Security-Policy': ['script-src *'] })
        .responseHeaders?.['Content-Security-Policy'],
    ).toEqual([CSP]);
  });

  it('replaces the policy whatever the case of its header name, so it is sent once', () => {
    expect(
      respond('app://orchestrator/index.html', { 'content-security-policy': [CSP], 'x-other': ['1'] })
        .responseHeaders,
    ).toEqual({ 'x-other': ['1'], 'Content-Security-Policy': [CSP] });
  });

  it.each(['https://example.com/', 'app://orchestrator.evil/index.html', 'http://orchestrator/index.html'])(
    'leaves a response from elsewhere (%s) alone',
    (url) => {
      expect(respond(url)).toEqual({});
    },
  );
});

class FakeContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

const preventable = (url: string) => ({ url, defaultPrevented: false, preventDefault: vi.fn() });

describe('guardWebContents', () => {
  let contents: FakeContents;
  beforeEach(() => {
    electron.app.removeAllListeners();
    electron.openExternal.mockClear();
    guardWebContents();
    contents = new FakeContents();
    electron.app.emit('web-contents-created', {}, contents);
  });

  it('guards every web contents created later, not only the first', () => {
    const second = new FakeContents();
    electron.app.emit('web-contents-created', {}, second);
    expect(second.windowOpenHandler).toBeTypeOf('function');
    expect(second.listenerCount('will-navigate')).toBe(1);
    expect(second.listenerCount('will-attach-webview')).toBe(1);
  });

  it.each([
    'https://github.com/owner/repo',
    'https://example.com/',
    APP_URL,
    'app://orchestrator/other.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
  ])('denies window.open of %s', (url) => {
    expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
  });

  it.each([
    'https://example.com/',
    'app://orchestrator/other.html',
    APP_URL,
    'file:///etc/passwd',
    'https://github.com/owner/repo',
  ])('prevents navigating the window to %s', (url) => {
    const event = preventable(url);
    contents.emit('will-navigate', event, url);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('opens only allowlisted https links in the browser, from a new window or a navigation', () => {
    for (const url of ['https://github.com/a', 'https://example.com/', 'http://github.com/', 'file:///x'])
      contents.windowOpenHandler!({ url });
    for (const url of ['https://docs.anthropic.com/x', 'https://evil.example/', 'app://orchestrator/x'])
      contents.emit('will-navigate', preventable(url), url);
    expect(electron.openExternal.mock.calls.map(([url]) => url)).toEqual([
      'https://github.com/a',
      'https://docs.anthropic.com/x',
    ]);
  });

  it('refuses to attach a webview', () => {
    const event = preventable('');
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});
