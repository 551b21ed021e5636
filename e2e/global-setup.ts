import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The tests run the built bundles, so build them from the current sources first (about 3 s). */
export default function globalSetup(): void {
  execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], {
    cwd: join(import.meta.dirname, '..'),
    stdio: 'inherit',
  });
}
