import type { AgentAdapter } from '../types';
import { buildCodexCommand } from './command';
import { createCodexParser } from './parser';

export const codexAdapter: AgentAdapter = {
  name: 'codex',
  format: 'codex-exec-json',
  defaultCommand: 'codex',
  buildCommand: buildCodexCommand,
  createParser: createCodexParser,
};
