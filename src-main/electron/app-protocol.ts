import { protocol, type Session } from 'electron';
import { APP_SCHEME } from './app-origin';
import { serveRendererFile } from './renderer-files';

/** Must run before the app is ready; a standard secure scheme gets a real origin, fetch and module scripts. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

export function serveRenderer(target: Session, root: string, csp: string): void {
  target.protocol.handle(APP_SCHEME, (request) => serveRendererFile(root, request.url, csp));
}
