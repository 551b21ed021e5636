import type { InvokeEventLike } from './ipc-server';

/** The renderer is served from a privileged custom scheme rather than file://, so 'self' means only the app. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'orchestrator';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Node gives custom schemes an opaque "null" origin, so compare scheme, host and port instead. */
export function isSameOrigin(url: string, base: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(base);
    return a.protocol === b.protocol && a.host === b.host && a.host !== '';
  } catch {
    return false;
  }
}

/**
 * Only the main window's top frame, showing the app's own page, may call the app: not an iframe, not a page
 * the window was somehow navigated to, not another window.
 */
export function isTrustedSender(
  event: InvokeEventLike,
  mainContentsId: number | null,
  appUrl: string,
): boolean {
  const frame = event.senderFrame;
  return (
    mainContentsId !== null &&
    event.sender.id === mainContentsId &&
    frame !== null &&
    frame.parent === null &&
    isSameOrigin(frame.url, appUrl)
  );
}
