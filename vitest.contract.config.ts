import { defineConfig } from 'vitest/config';

/** The contract suite: the real claude, codex and gemini CLIs against our loopback mock model servers. */
export default defineConfig({
  test: {
    include: ['test/contract/**/*.contract.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
