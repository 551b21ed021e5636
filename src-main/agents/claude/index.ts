import type { AgentAdapter } from '../types';
import { buildClaudeCommand } from './command';
import { createClaudeParser } from './parser';

export const claudeAdapter: AgentAdapter = {
  name: 'claude',
  format: 'claude-stream-json',
  defaultCommand: 'claude',
  buildCommand: buildClaudeCommand,
  createParser: createClaudeParser,
};

export { buildClaudeCommand, createClaudeParser };
