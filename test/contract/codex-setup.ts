import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliBinary, type ContractAgentConfig } from './clis';

/** The variable the mock provider's `env_key` names; codex sends its value as the bearer token. */
export const CODEX_MOCK_KEY_ENV = 'OPENAI_MOCK_API_KEY';

/**
 * The real codex, pointed at our OpenAI Responses mock only through `command`, `args` and `env`. Why each part
 * (cli notes codex):
 * - a custom model provider: codex ignores OPENAI_BASE_URL and OPENAI_API_KEY (§0), and custom providers speak
 *   HTTP + SSE at once, where the built-in one first tries a WebSocket for ~6 s (§4, transport quirks);
 * - `model="gpt-5.5"`, a catalog slug with classic tools: the default model is code-mode only (tools hidden in
 *   JavaScript namespaces), and an unknown slug adds a "Model metadata … not found" warning item (§4);
 * - both retry counts 0: a 401 otherwise costs 6 requests and ~8 s, a 500 30 requests and ~27 s (§3);
 * - `--disable shell_snapshot`: codex would otherwise run the user's login shell at start-up (~0.8 s, §4);
 * - a fresh CODEX_HOME, which must exist (§3 case 8), and a TMPDIR beside it: a CODEX_HOME under the temp
 *   dir prints the "could not create PATH aliases" WARNING on every run (§3).
 * Telemetry is the adapter's: it always passes `-c analytics.enabled=false --disable plugins` (§4).
 * The git worktree the orchestrator gives each worker counts as trusted, so no `--skip-git-repo-check`.
 */
export function codexContractAgentConfig(mockUrl: string, tempDir: string): ContractAgentConfig {
  const codexHome = join(tempDir, 'codex-home');
  const codexTmp = join(tempDir, 'codex-tmp');
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(codexTmp, { recursive: true });
  const provider = (key: string, value: string) => ['-c', `model_providers.mock.${key}=${value}`];
  return {
    command: cliBinary('codex'),
    args: [
      ...provider('name', '"openai-mock"'),
      ...provider('base_url', JSON.stringify(mockUrl)),
      ...provider('env_key', JSON.stringify(CODEX_MOCK_KEY_ENV)),
      ...provider('wire_api', '"responses"'),
      ...provider('request_max_retries', '0'),
      ...provider('stream_max_retries', '0'),
      '-c',
      'model_provider="mock"',
      '-c',
      'model="gpt-5.5"',
      '--disable',
      'shell_snapshot',
    ],
    env: { CODEX_HOME: codexHome, TMPDIR: codexTmp, [CODEX_MOCK_KEY_ENV]: 'dummy' },
  };
}

export interface MockRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface OpenAiMock {
  /** The base URL, ending in /v1. */
  url: string;
  port: number;
  requests: MockRequest[];
  close(): Promise<void>;
}

export type OpenAiMockScenario = 'ok' | 'http401' | 'http429' | 'http500' | 'hang';

interface OpenAiMockModule {
  startMock(options?: { port?: number; scenario?: OpenAiMockScenario }): Promise<OpenAiMock>;
  workFileContent(agent: string, task: string): string;
  USAGE: { inputTokens: number; cachedInputTokens: number; outputTokens: number };
}

/**
 * The mock is plain JS (it also runs standalone with node); the project's TypeScript does not check JS, so its
 * types are declared here once for every test that uses it.
 */
export async function loadOpenAiMock(): Promise<OpenAiMockModule> {
  const path = join(import.meta.dirname, '..', 'mocks', 'openai-mock.mjs');
  return (await import(pathToFileURL(path).href)) as OpenAiMockModule;
}
