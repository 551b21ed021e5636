import { describe } from 'vitest';
import { claudeAdapter } from '../../src-main/agents/claude';
import { fuzzParser } from './parser-fuzz';

describe('claude parser under fuzzing', () => {
  fuzzParser('claude', () => claudeAdapter.createParser(), 35_000);
});
