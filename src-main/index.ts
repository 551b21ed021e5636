import { join } from 'node:path';
import { app, BrowserWindow, clipboard, ipcMain, session, shell } from 'electron';
import { loadConfigOrDefaults, readConfigDocument, saveConfig } from './config/save-config';
import { startApiServer } from './server';
import { SessionService } from './coordinator/session-service';
import { APP_URL, isTrustedSender } from './electron/app-origin';
import { registerAppScheme, serveRenderer } from './electron/app-protocol';
import { createCommandHandlers } from './electron/commands';
import { contentSecurityPolicy } from './electron/content-security-policy';
import { showDesktopNotice } from './electron/desktop-notification';
import { doctorAgents } from './setup/doctor';
import { EventForwarder } from './electron/event-forwarder';
import { createIpcServer } from './electron/ipc-server';
import { installMenu } from './electron/menu';
import { Notifier } from './electron/notifications';
import { pickRepository } from './electron/pick-repository';
import { installQuitGuard } from './electron/quit';
import { guardWebContents, hardenSession } from './electron/security';
import { createMainWindow } from './electron/window';

// electron-vite dev serves the renderer over http with hot reload; a build serves it from app://.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const appUrl = devServerUrl ?? APP_URL;
const csp = contentSecurityPolicy({ dev: devServerUrl !== undefined });

// userData decides the workspace, and the headless CLI looks in the same "Orchestrator" folder.
app.setName('Orchestrator');
app.setPath('userData', join(app.getPath('appData'), 'Orchestrator'));

function start(): void {
  // Beside the sessions, in userData, where the person's settings page reads and writes it. A broken file
  // does not keep the app from starting: it runs with the defaults and settings shows what is wrong.
  const configPath = join(app.getPath('userData'), 'config.json');
  const config = loadConfigOrDefaults(configPath);
  const service = new SessionService({
    workspace: join(app.getPath('userData'), 'sessions'),
    config,
    // Settings saved in the app apply to the next session started, without a restart.
    readConfig: () => loadConfigOrDefaults(configPath),
    // A person watches: a PAUSE_AND_CLARIFY pauses the worker and waits for the dialog's answer.
    interactive: true,
  });
  // The one doctor, on the config on disk now: what the next session would run, custom agents included.
  const doctor = () => doctorAgents(loadConfigOrDefaults(configPath));
  hardenSession(session.defaultSession, { csp, appUrl });
  guardWebContents();
  if (!devServerUrl) serveRenderer(session.defaultSession, join(import.meta.dirname, '../renderer'), csp);
  installMenu();
  // The settings' server switch: the same HTTP API and dashboard as `orchestrate serve`, on this app's sessions.
  const apiServer = config.server.enabled
    ? startApiServer({
        service,
        host: config.server.host,
        port: config.server.port,
        rendererDir: join(import.meta.dirname, '../renderer'),
        doctor,
      }).catch((error: unknown) => {
        console.error(`the HTTP API could not start: ${(error as Error).message}`);
        return null;
      })
    : Promise.resolve(null);
  installQuitGuard(app, async () => {
    await service.stopAll();
    await (await apiServer)?.close();
  });

  let mainWindow: BrowserWindow | null = null;
  const forwarder = new EventForwarder(service);
  const notifier = new Notifier({
    source: service,
    show: (notice) => showDesktopNotice(notice, () => mainWindow),
    taskOf: (sessionId) => service.state(sessionId)?.task ?? '',
  });
  app.on('will-quit', () => notifier.dispose());
  const server = createIpcServer({
    handlers: createCommandHandlers({
      service,
      forwarder,
      pickRepository: () => pickRepository(mainWindow),
      openFolder: (path) => shell.openPath(path),
      copyText: (text) => clipboard.writeText(text),
      doctor,
      workspace: service.workspace,
      config: { get: () => readConfigDocument(configPath), save: (text) => saveConfig(configPath, text) },
      onSessionLaunched: (sessionId, since) => notifier.watch(sessionId, since),
    }),
    isTrustedSender: (event) =>
      isTrustedSender(
        event,
        mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents.id : null,
        appUrl,
      ),
    onInternalError: (name, error) => console.error(`[ipc] ${name} failed`, error),
  });
  server.register(ipcMain);

  const openWindow = (): void => {
    const window = createMainWindow({
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      url: appUrl,
      onDocumentGone: (contentsId) => forwarder.dropSender(contentsId),
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  };

  app.on('second-instance', () => {
    if (!mainWindow) return openWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  openWindow();
}

if (app.requestSingleInstanceLock()) {
  registerAppScheme();
  void app.whenReady().then(start);
} else {
  app.quit();
}
