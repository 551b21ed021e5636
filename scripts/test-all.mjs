#!/usr/bin/env node
// The one test command: typecheck, lint, build, unit/integration tests (vitest), end-to-end tests
// (Playwright), then a closing line "N passed, N failed" over everything, which CI reads (the line before
// it counts the skipped tests).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBrowser } from './ensure-browser.mjs';
import { SuiteTotals } from './suite-totals.mjs';

const root = join(import.meta.dirname, '..');
const results = join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
const totals = new SuiteTotals();

function run(label, command, args, extraEnv = {}) {
  process.stderr.write(`\n── ${label}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  return result.status === 0;
}

/** A check that is not a test suite (typecheck, lint, build) counts as one test. */
function check(label, command, args) {
  const ok = run(label, command, args);
  totals.check(label, ok);
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

check('typecheck', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']);
check('typecheck (web)', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']);
check('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
check('format', 'npx', ['prettier', '--check', '.']);
const built = check('build', 'npx', ['electron-vite', 'build']);
// Electronegativity over the app's sources, offline: a HIGH or MEDIUM finding that electronegativity-allowlist.json
// does not cover with a reason, a stale allowlist entry or a file it could not parse fails this check.
check('electron audit', 'npx', ['tsx', 'scripts/audit-electron.ts']);

const vitestJson = join(results, 'vitest.json');
const vitestOk = run('unit and integration tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
const vitest = readJson(vitestJson);
if (vitest) {
  totals.suite('vitest', {
    passed: vitest.numPassedTests,
    failed: vitest.numFailedTests,
    skipped: vitest.numPendingTests + vitest.numTodoTests,
  });
  // A suite that fails to load has no failed tests but must still fail the run.
  if (!vitestOk && vitest.numFailedTests === 0) totals.broken('vitest: exited with an error');
} else {
  totals.broken('vitest: no report (crashed)');
}

const e2eConfig = join(root, 'e2e', 'playwright.config.ts');
if (existsSync(e2eConfig)) {
  const e2eJson = join(results, 'e2e.json');
  // The tests bring their browser: found on the machine, downloaded, or installed (scripts/ensure-browser.mjs).
  const browser = await ensureBrowser();
  if ('path' in browser)
    process.stderr.write(`end-to-end tests use ${browser.source}'s Chromium: ${browser.path}\n`);
  const e2eOk =
    built &&
    'path' in browser &&
    run('end-to-end tests', 'npx', ['playwright', 'test', '-c', e2eConfig, '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
      E2E_CHROMIUM: browser.path,
    });
  const e2e = readJson(e2eJson);
  if ('error' in browser) {
    totals.broken(`e2e: not run (${browser.error})`);
  } else if (e2e?.stats) {
    const passed = e2e.stats.expected + (e2e.stats.flaky ?? 0);
    totals.suite('e2e', { passed, failed: e2e.stats.unexpected, skipped: e2e.stats.skipped });
    if (!e2eOk && e2e.stats.unexpected === 0) totals.broken('e2e: exited with an error');
  } else {
    totals.broken(built ? 'e2e: no report (crashed)' : 'e2e: not run (build failed)');
  }
}

// The real claude, codex and gemini CLIs against our loopback mock model servers (installed once into a
// cache folder outside the project's dependencies).
const installed = run('install the real agent CLIs', 'node', ['scripts/install-clis.mjs']);
const contractJson = join(results, 'contract.json');
const contractOk =
  installed &&
  run('contract tests (real CLIs)', 'node', [
    'scripts/run-contract.mjs',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${contractJson}`,
  ]);
const contract = readJson(contractJson);
if (contract) {
  totals.suite('contract', {
    passed: contract.numPassedTests,
    failed: contract.numFailedTests,
    skipped: contract.numPendingTests + contract.numTodoTests,
  });
  if (!contractOk && contract.numFailedTests === 0) totals.broken('contract: exited with an error');
} else {
  totals.broken(
    installed ? 'contract: no report (crashed)' : 'contract: not run (installing the CLIs failed)',
  );
}

const closing = totals.closing();
writeFileSync(join(results, 'totals.txt'), closing);
process.stderr.write(`\n${totals.lines.join('\n')}\n`);
process.stdout.write(closing);
process.exitCode = totals.failed === 0 ? 0 : 1;
