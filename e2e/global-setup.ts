import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureBrowser } from '../scripts/ensure-browser.mjs';

/**
 * The tests run the built bundles, so build them from the current sources first (about 3 s), and they need
 * a Chromium: found or brought here (see scripts/ensure-browser.mjs), handed to the test workers through
 * E2E_CHROMIUM.
 */
export default async function globalSetup(): Promise<void> {
  const browser = await ensureBrowser();
  if ('error' in browser) throw new Error(browser.error);
  process.env.E2E_CHROMIUM = browser.path;
  execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], {
    cwd: join(import.meta.dirname, '..'),
    stdio: 'inherit',
  });
}
