import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliBinary, type ContractAgentConfig } from './clis';

export type GeminiMockScenario = 'ok' | 'http401' | 'http429' | 'http500' | 'hang';

export interface GeminiMock {
  url: string;
  port: number;
  requests: Array<{ method: string; path: string; body: unknown }>;
  close(): Promise<void>;
}

/**
 * What a user puts in a config file so the real gemini CLI talks to a mock Gemini API instead of Google:
 * the settings go into an isolated home (GEMINI_CLI_HOME) inside tempDir, the endpoint and a dummy key
 * into `env`. Writes `<tempDir>/home/.gemini/settings.json` and creates `<tempDir>/tmp`.
 */
export function geminiContractAgentConfig(mockUrl: string, tempDir: string): ContractAgentConfig {
  const home = join(tempDir, 'home');
  const tmp = join(tempDir, 'tmp');
  mkdirSync(join(home, '.gemini'), { recursive: true });
  mkdirSync(tmp, { recursive: true });
  const settings = {
    // GOOGLE_GEMINI_BASE_URL alone switches the auth type to "gateway", which headless runs reject with
    // exit 41 "Invalid auth method selected." (cli notes quirk 8).
    security: { auth: { selectedType: 'gemini-api-key' } },
    // Clearcut usage statistics go to play.googleapis.com even with the base URL overridden (cli notes §0).
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
    // Ten attempts with backoff take minutes on an API error (cli notes quirk 5); a mock answers at once.
    general: {
      maxAttempts: 1,
      retryFetchErrors: false,
      enableAutoUpdate: false,
      enableAutoUpdateNotification: false,
    },
    ide: { enabled: false },
    ui: { showCompatibilityWarnings: false },
  };
  writeFileSync(join(home, '.gemini', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  return {
    command: cliBinary('gemini'),
    args: [],
    env: {
      // Replaces ~ as the parent of .gemini: settings, sessions and history stay in tempDir.
      GEMINI_CLI_HOME: home,
      GOOGLE_GEMINI_BASE_URL: mockUrl,
      GEMINI_API_KEY: 'dummy',
      // The spawned pid is then the CLI itself, not a wrapper that ignores SIGTERM (cli notes quirk 1).
      GEMINI_CLI_NO_RELAUNCH: 'true',
      // API failures write gemini-client-error-*.json reports into TMPDIR (cli notes quirk 11).
      TMPDIR: tmp,
    },
  };
}

interface GeminiMockModule {
  startMock(options: { port?: number; scenario?: GeminiMockScenario }): Promise<GeminiMock>;
  workFile(prompt: string): { path: string; content: string };
}

/** test/mocks/gemini-mock.mjs, typed: it is plain JS so that it also runs on its own. */
async function mockModule(): Promise<GeminiMockModule> {
  const url = pathToFileURL(join(import.meta.dirname, '..', 'mocks', 'gemini-mock.mjs')).href;
  return (await import(url)) as GeminiMockModule;
}

export async function startGeminiMock(scenario: GeminiMockScenario = 'ok'): Promise<GeminiMock> {
  return (await mockModule()).startMock({ scenario });
}

/** The file (worktree-relative path and content) the mock's work turn makes the CLI write for a prompt. */
export async function geminiMockWorkFile(prompt: string): Promise<{ path: string; content: string }> {
  return (await mockModule()).workFile(prompt);
}
