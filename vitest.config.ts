import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src-main/**/*.test.ts',
      'src-shared/**/*.test.ts',
      'src-renderer/**/*.test.{ts,tsx}',
      'resources/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    // The contract suite needs the real CLIs installed and runs on its own (npm run test:contract).
    exclude: [...configDefaults.exclude, 'test/contract/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
