import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBrowser, NO_BROWSER, type BrowserSources } from '../scripts/ensure-browser.mjs';

const root = join(import.meta.dirname, '..');

/** A machine described by what it has; records what was tried, in order. */
function machine(has: {
  files?: string[];
  env?: Record<string, string>;
  downloads?: boolean;
  debianRoot?: boolean;
  packageInstalls?: boolean;
}) {
  const files = new Set(has.files ?? []);
  const tried: string[] = [];
  const sources: BrowserSources = {
    env: has.env ?? {},
    exists: (path) => files.has(path),
    playwrightBuild: async () => '/cache/ms-playwright/chrome',
    systemCandidates: () => ['/usr/bin/chromium', null, '/usr/bin/google-chrome'],
    download: () => {
      tried.push('download');
      if (has.downloads) files.add('/cache/ms-playwright/chrome');
      return has.downloads === true;
    },
    canInstallPackage: () => has.debianRoot === true,
    installPackage: () => {
      tried.push('apt-get');
      if (has.packageInstalls) files.add('/usr/bin/chromium');
      return has.packageInstalls === true;
    },
    log: () => undefined,
  };
  return { sources, tried };
}

describe('the end-to-end tests bring their browser', () => {
  it("uses Playwright's build when it is there, else the system's, without installing anything", async () => {
    const both = machine({ files: ['/cache/ms-playwright/chrome', '/usr/bin/google-chrome'] });
    expect(await ensureBrowser(both.sources)).toEqual({
      path: '/cache/ms-playwright/chrome',
      source: "Playwright's build",
    });
    const system = machine({ files: ['/usr/bin/google-chrome'] });
    expect(await ensureBrowser(system.sources)).toEqual({
      path: '/usr/bin/google-chrome',
      source: 'the system',
    });
    expect([...both.tried, ...system.tried]).toEqual([]);
  });

  it("downloads Playwright's build on a machine without any", async () => {
    const bare = machine({ downloads: true, debianRoot: true });
    expect(await ensureBrowser(bare.sources)).toEqual({
      path: '/cache/ms-playwright/chrome',
      source: "Playwright's build, downloaded",
    });
    expect(bare.tried).toEqual(['download']);
  });

  it("installs Debian's package as root when the download fails", async () => {
    const offline = machine({ downloads: false, debianRoot: true, packageInstalls: true });
    expect(await ensureBrowser(offline.sources)).toEqual({
      path: '/usr/bin/chromium',
      source: "the distribution's package",
    });
    expect(offline.tried).toEqual(['download', 'apt-get']);
  });

  it('otherwise fails with one line saying what to install', async () => {
    const notRoot = machine({ downloads: false, debianRoot: false });
    expect(await ensureBrowser(notRoot.sources)).toEqual({ error: NO_BROWSER });
    expect(notRoot.tried).toEqual(['download']);
    expect(NO_BROWSER).not.toContain('\n');
    expect(NO_BROWSER).toMatch(/npx playwright install chromium/);
  });

  it('as a script: prints the browser it found, or one line and exit 1 for a wrong E2E_CHROMIUM', async () => {
    const bad = await execa('node', ['scripts/ensure-browser.mjs'], {
      cwd: root,
      reject: false,
      env: { E2E_CHROMIUM: '/nonexistent/chromium' },
    });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe('E2E_CHROMIUM is /nonexistent/chromium, which does not exist');
    const good = await execa('node', ['scripts/ensure-browser.mjs'], {
      cwd: root,
      reject: false,
      env: { E2E_CHROMIUM: process.execPath },
    });
    expect(good.exitCode).toBe(0);
    expect(good.stdout).toBe(process.execPath);
  });
});
