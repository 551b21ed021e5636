import { app, shell, type Session } from 'electron';
import { isSameOrigin } from './app-origin';
import { isAllowedExternalUrl } from './external-links';

/** No camera, microphone, notifications-by-prompt or any other permission: the app needs none. */
export function hardenSession(target: Session, policy: { csp: string; appUrl: string }): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  // The app:// handler sets the header itself; this covers the dev server's http responses.
  target.webRequest.onHeadersReceived((details, callback) => {
    if (!isSameOrigin(details.url, policy.appUrl)) {
      callback({});
      return;
    }
    // Header names arrive in any case (the app:// handler sends lowercase): drop every copy before setting ours,
    // or Chromium would receive and enforce the policy twice.
    const kept = Object.entries(details.responseHeaders ?? {}).filter(
      ([name]) => name.toLowerCase() !== 'content-security-policy',
    );
    callback({ responseHeaders: { ...Object.fromEntries(kept), 'Content-Security-Policy': [policy.csp] } });
  });
}

function openIfAllowed(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}

/** Every web contents, present and future: no navigation away, no new windows, no webviews. */
export function guardWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openIfAllowed(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event) => {
      event.preventDefault();
      openIfAllowed(event.url);
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
