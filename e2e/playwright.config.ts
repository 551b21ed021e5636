import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  outputDir: '../test-results/e2e',
  // Each test runs a main process, demo agents and a browser: on two cores, one at a time is fastest.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // A `test.only` left in a spec would run that one test and drop the rest without a failure or a skip.
  forbidOnly: Boolean(process.env.CI),
  timeout: 90_000,
  expect: { timeout: 30_000 },
  reporter: 'list',
});
