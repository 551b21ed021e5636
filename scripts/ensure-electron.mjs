#!/usr/bin/env node
// `npm start` runs this before `electron-vite preview`. Installs may skip Electron's binary download
// (ELECTRON_SKIP_BINARY_DOWNLOAD, or no network at install time); then this fetches it with Electron's own
// install script, or says plainly that the desktop app cannot start here and what works instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The electron package exports the binary's path and throws when it was never downloaded. */
function binaryPath() {
  try {
    delete require.cache[require.resolve('electron')];
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

if (binaryPath() === null) {
  process.stderr.write('Electron binary missing: downloading it (node node_modules/electron/install.js)…\n');
  const env = { ...process.env };
  // install.js does nothing at all while this is set, whatever its value.
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const install = join(dirname(require.resolve('electron/package.json')), 'install.js');
  // Its stderr is a stack trace on failure: keep only the line that says why.
  const result = spawnSync(process.execPath, [install], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    env,
    timeout: 15 * 60_000,
  });
  if (result.status !== 0 || binaryPath() === null) {
    const why = (result.stderr ?? '')
      .split('\n')
      .find((line) => /error/i.test(line))
      ?.trim();
    process.stderr.write(
      `Electron binary could not be downloaded${why ? ` (${why})` : ''}; ` +
        'the headless CLI works: npm run orchestrate -- run "<task>" --repo DIR --demo\n',
    );
    process.exit(1);
  }
}
