import { existsSync } from 'node:fs';
import { test as base } from '@playwright/test';
import { AppHarness, CHROMIUM_PATH, type LaunchOptions } from './app-harness';
import { Scratch } from './scratch';

interface Fixtures {
  scratch: Scratch;
  /** Starts the app; closed (browser and main process) after the test. */
  launch: (options?: Omit<LaunchOptions, 'appData'>) => Promise<AppHarness>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
  scratch: async ({}, use) => {
    const scratch = new Scratch();
    await use(scratch);
    scratch.remove();
  },
  launch: async ({ scratch }, use, testInfo) => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `No Chromium at ${CHROMIUM_PATH}: run apt-get install -y chromium (or set E2E_CHROMIUM)`,
      );
    }
    const started: AppHarness[] = [];
    await use(async (options = {}) => {
      const app = await AppHarness.launch({ ...options, appData: scratch.appData });
      started.push(app);
      return app;
    });
    for (const app of started) {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('main-process.log', { body: app.logs.join(''), contentType: 'text/plain' });
      }
      await app.close();
    }
  },
});

export { expect } from '@playwright/test';
