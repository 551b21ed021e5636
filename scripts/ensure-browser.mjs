#!/usr/bin/env node
// The end-to-end tests need a Chromium. This finds one — or brings one — and prints its path; when none can
// be had it fails with one line saying what to install. `npm test` and the Playwright global setup use it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Where Chromium or Chrome usually lives, per platform; PATH is searched for the Linux names too. */
const SYSTEM_BROWSERS = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ],
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ],
};
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export const NO_BROWSER =
  'no Chromium for the end-to-end tests: run `npx playwright install chromium`, or install Chromium or Chrome ' +
  '(Debian: apt-get install chromium), or set E2E_CHROMIUM to a Chromium binary';

/** A download or a package install that never finishes must not hold the test run forever. */
const INSTALL_TIMEOUT_MS = 5 * 60_000;

async function playwrightBuild() {
  const { chromium } = await import('playwright-core');
  return chromium.executablePath();
}

function onPath(name) {
  const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

const quietly = (command, args) =>
  spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], timeout: INSTALL_TIMEOUT_MS }).status ===
  0;

/** The real machine: its files, its PATH, Playwright's installer, and Debian's package manager as root. */
export const systemSources = {
  env: process.env,
  exists: existsSync,
  playwrightBuild,
  systemCandidates: () => [...(SYSTEM_BROWSERS[process.platform] ?? []), ...PATH_NAMES.map(onPath)],
  download: () => quietly('npx', ['playwright', 'install', 'chromium']),
  canInstallPackage: () =>
    process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/etc/debian_version'),
  installPackage: () => quietly('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq chromium']),
  log: (line) => process.stderr.write(`${line}\n`),
};

/**
 * A Chromium binary for the tests, in this order: E2E_CHROMIUM; Playwright's own build when it is already
 * there; a system Chromium or Chrome; Playwright's build, downloaded; on Debian as root, the distribution's
 * package. Returns { path, source } or { error } (one line saying what to install).
 */
export async function ensureBrowser(sources = systemSources) {
  const given = sources.env.E2E_CHROMIUM;
  if (given) {
    return sources.exists(given)
      ? { path: given, source: 'E2E_CHROMIUM' }
      : { error: `E2E_CHROMIUM is ${given}, which does not exist` };
  }
  const playwright = await sources.playwrightBuild().catch(() => null);
  if (playwright && sources.exists(playwright)) return { path: playwright, source: "Playwright's build" };
  const system = sources.systemCandidates().find((path) => path && sources.exists(path));
  if (system) return { path: system, source: 'the system' };
  sources.log("no Chromium found: downloading Playwright's build (npx playwright install chromium)…");
  if (sources.download() && playwright && sources.exists(playwright)) {
    return { path: playwright, source: "Playwright's build, downloaded" };
  }
  if (sources.canInstallPackage()) {
    sources.log('the download failed: installing Debian’s chromium package (apt-get install chromium)…');
    if (sources.installPackage()) {
      const installed = sources.systemCandidates().find((path) => path && sources.exists(path));
      if (installed) return { path: installed, source: "the distribution's package" };
    }
  }
  return { error: NO_BROWSER };
}

// Run as a script: the path on stdout, or the one line on stderr and exit 1.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const found = await ensureBrowser();
  if ('error' in found) {
    process.stderr.write(`${found.error}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`end-to-end tests use ${found.source}'s Chromium: ${found.path}\n`);
    process.stdout.write(`${found.path}\n`);
  }
}
