import type { AgentConfig, StreamFormat } from '../../src-shared/models';
import { BUILTIN_AGENTS } from '../../src-shared/models';
import { claudeAdapter } from './claude';
import { codexAdapter } from './codex';
import { geminiAdapter } from './gemini';
import type { AgentAdapter } from './types';

export const ADAPTERS: Readonly<Record<(typeof BUILTIN_AGENTS)[number], AgentAdapter>> = {
  claude: claudeAdapter,
  codex: codexAdapter,
  gemini: geminiAdapter,
};

const BY_FORMAT: Readonly<Record<StreamFormat, AgentAdapter>> = {
  'claude-stream-json': claudeAdapter,
  'codex-exec-json': codexAdapter,
  'gemini-stream-json': geminiAdapter,
};

export const isBuiltinAgent = (name: string): name is (typeof BUILTIN_AGENTS)[number] =>
  (BUILTIN_AGENTS as readonly string[]).includes(name);

/** The adapter that speaks an agent's stream format: its own for the built-ins, the configured one otherwise. */
export function adapterFor(name: string, config?: AgentConfig): AgentAdapter | null {
  if (config?.format) return BY_FORMAT[config.format];
  return isBuiltinAgent(name) ? ADAPTERS[name] : null;
}

export const adapterForFormat = (format: StreamFormat): AgentAdapter => BY_FORMAT[format];
