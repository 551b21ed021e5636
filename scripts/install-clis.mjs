#!/usr/bin/env node
// Installs the real agent CLIs at the versions pinned in test/contract/cli-versions.json into a cache folder
// outside the project's dependencies (they weigh ~900 MB together), once per version. Bumping a CLI is a
// one-line change of that file. Prints each CLI's path and `--version`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const versions = JSON.parse(readFileSync(join(root, 'test', 'contract', 'cli-versions.json'), 'utf8'));
export const cacheDir =
  process.env.ORCHESTRATOR_CLI_CACHE ?? join(homedir(), '.cache', 'orchestrator', 'clis');

const installed = {};
for (const [name, { package: pkg, version, bin }] of Object.entries(versions)) {
  const dir = join(cacheDir, `${name}-${version}`);
  const binPath = join(dir, 'node_modules', '.bin', bin);
  if (!existsSync(join(dir, '.complete'))) {
    mkdirSync(dir, { recursive: true });
    // The CLIs ship native binaries linked by their own install scripts, which npm blocks unless allowed.
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ private: true, allowScripts: { [pkg]: true } })}\n`,
    );
    process.stderr.write(`installing ${pkg}@${version} into ${dir}\n`);
    const result = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--no-save', `${pkg}@${version}`],
      { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (result.status !== 0) {
      process.stderr.write(`install of ${pkg}@${version} failed\n`);
      process.exit(1);
    }
    writeFileSync(join(dir, '.complete'), `${new Date().toISOString()}\n`);
  }
  const probe = spawnSync(binPath, ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOME: dir, DISABLE_AUTOUPDATER: '1', GEMINI_CLI_NO_RELAUNCH: 'true' },
    timeout: 60_000,
  });
  const reported = (probe.stdout || probe.stderr || '').trim().split('\n').at(-1) ?? '';
  if (probe.status !== 0) {
    process.stderr.write(`${binPath} --version failed (exit ${probe.status}): ${probe.stderr}\n`);
    process.exit(1);
  }
  installed[name] = { package: pkg, version, bin: binPath, reported };
  process.stderr.write(`${name}: ${pkg}@${version} → ${binPath} (${reported})\n`);
}
writeFileSync(join(cacheDir, 'installed.json'), `${JSON.stringify(installed, null, 2)}\n`);
