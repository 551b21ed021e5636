#!/usr/bin/env node
// Runs the contract suite. As root on Linux it runs inside a fresh network namespace whose only interface
// is loopback, which proves the real CLIs talk to nothing but our mock servers on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const vitestArgs = ['vitest', 'run', '-c', 'vitest.contract.config.ts', ...process.argv.slice(2)];
const canIsolate =
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  spawnSync('unshare', ['-n', 'true']).status === 0 &&
  spawnSync('sh', ['-c', 'command -v ip']).status === 0;

let result;
if (canIsolate) {
  process.stderr.write('contract suite: loopback-only network namespace\n');
  const quoted = vitestArgs.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  result = spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec npx ${quoted}`], {
    cwd: root,
    stdio: 'inherit',
  });
} else {
  process.stderr.write(
    'contract suite: no network namespace available (needs root and unshare); running as is\n',
  );
  result = spawnSync('npx', vitestArgs, { cwd: root, stdio: 'inherit' });
}
process.exit(result.status ?? 1);
