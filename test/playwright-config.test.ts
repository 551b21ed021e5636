import { execa } from 'execa';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The end-to-end config with its test folder swapped for one holding the given specs. */
function configWith(specs: Record<string, string>): string {
  // Inside the project (an ignored folder), where the specs can import @playwright/test.
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const dir = mkdtempSync(join(root, 'test-results', 'playwright-config-'));
  temp.push(dir);
  for (const [name, text] of Object.entries(specs)) writeFileSync(join(dir, name), text);
  const config = join(dir, 'playwright.config.ts');
  writeFileSync(
    config,
    `import base from ${JSON.stringify(join(root, 'e2e', 'playwright.config.ts'))};\n` +
      `export default { ...base, testDir: ${JSON.stringify(dir)}, globalSetup: undefined };\n`,
  );
  return config;
}

const SPECS = {
  'a.spec.ts': "import { test } from '@playwright/test';\ntest.only('the one', () => {});\n",
  'b.spec.ts': "import { test } from '@playwright/test';\ntest('another', () => {});\n",
};

const list = (config: string, ci: boolean) =>
  execa('npx', ['playwright', 'test', '--list', '-c', config], {
    cwd: root,
    reject: false,
    env: { CI: ci ? 'true' : '' },
  });

describe('the end-to-end config', () => {
  it('fails a CI run that has a test.only left in a spec, naming it', async () => {
    const result = await list(configWith(SPECS), true);
    expect(result.exitCode).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(
      /focused with '.only' is not allowed due to the 'forbidOnly' option.*the one/,
    );
    expect(result.stdout).toMatch(/Total: 0 tests/);
  }, 120_000);

  it('outside CI, a test.only is allowed (focusing while debugging)', async () => {
    const result = await list(configWith(SPECS), false);
    expect(result.exitCode).toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/forbidOnly/);
    expect(result.stdout).toMatch(/Total: 2 tests in 2 files$/m);
  }, 120_000);
});
