import { describe } from 'vitest';
import { codexAdapter } from '../../src-main/agents/codex';
import { fuzzParser } from './parser-fuzz';

describe('codex parser under fuzzing', () => {
  fuzzParser('codex', () => codexAdapter.createParser(), 35_000);
});
