import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The app's data folder, where Electron's `userData` points for an app named "Orchestrator", so the
 * desktop app and the headless CLI see the same sessions. ORCHESTRATOR_HOME overrides it.
 */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.ORCHESTRATOR_HOME) return env.ORCHESTRATOR_HOME;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Orchestrator');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Orchestrator');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Orchestrator');
}

/** Where session folders live unless --workspace says otherwise. */
export const defaultWorkspace = (env: NodeJS.ProcessEnv = process.env): string =>
  join(appDataDir(env), 'sessions');

export const sessionFolder = (workspace: string, sessionId: string): string => join(workspace, sessionId);
export const workerFolder = (folder: string, workerId: string): string => join(folder, 'workers', workerId);
