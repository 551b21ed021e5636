import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliBinary, type ContractAgentConfig } from './clis';

/**
 * The config entry for the real `claude` against a mock Anthropic API at `mockUrl`: only `command`,
 * `args` and `env`, exactly what a user would write. `tempDir/claude-home` becomes the CLI's HOME, so no
 * login, settings or transcripts of the machine's user are read or written (the CLI keeps
 * ~/.claude.json and ~/.claude/projects/… there; a clean HOME needs no onboarding for -p, cli notes §5).
 */
export function claudeContractAgentConfig(mockUrl: string, tempDir: string): ContractAgentConfig {
  const home = join(tempDir, 'claude-home');
  mkdirSync(home, { recursive: true });
  return {
    command: cliBinary('claude'),
    args: [],
    env: {
      HOME: home,
      ANTHROPIC_BASE_URL: mockUrl,
      ANTHROPIC_API_KEY: 'dummy',
      // Without it the CLI resolves api.anthropic.com even with ANTHROPIC_BASE_URL set (cli notes TL;DR).
      // The adapter sets these too; a user's entry states them so it stays loopback-only on its own.
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
      // The CLI retries 401/429/5xx with backoff, 10 times by default (187 s on a closed port, cli notes §5):
      // against a mock a failure must end at once.
      CLAUDE_CODE_MAX_RETRIES: '0',
      // A mock that never answers would otherwise hold the run for the default 600 s request timeout.
      API_TIMEOUT_MS: '20000',
    },
  };
}

/** One request the mock received (test/mocks/anthropic-mock.mjs; credentials redacted). */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export type MockScenario = 'ok' | 'http401' | 'http429' | 'http500' | 'hang' | 'burst429' | 'blocker';

export interface AnthropicMock {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Starts test/mocks/anthropic-mock.mjs. The mock is plain JS so it also runs standalone with node, and
 * the node TypeScript project does not check JS (allowJs off): the import goes through a computed URL
 * and these declared types instead of an untyped static import.
 */
export async function startAnthropicMock(
  options: { port?: number; scenario?: MockScenario } = {},
): Promise<AnthropicMock> {
  const url = pathToFileURL(join(import.meta.dirname, '..', 'mocks', 'anthropic-mock.mjs')).href;
  const mock = (await import(url)) as { startMock: (o: typeof options) => Promise<AnthropicMock> };
  return mock.startMock(options);
}
