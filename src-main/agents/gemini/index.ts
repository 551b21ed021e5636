import type { AgentAdapter } from '../types';
import { buildGeminiCommand } from './command';
import { createGeminiParser } from './parser';

export const geminiAdapter: AgentAdapter = {
  name: 'gemini',
  format: 'gemini-stream-json',
  defaultCommand: 'gemini',
  buildCommand: buildGeminiCommand,
  createParser: createGeminiParser,
};

export { buildGeminiCommand, createGeminiParser };
