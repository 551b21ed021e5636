import { describe } from 'vitest';
import { geminiAdapter } from '../../src-main/agents/gemini';
import { fuzzParser } from './parser-fuzz';

describe('gemini parser under fuzzing', () => {
  fuzzParser('gemini', () => geminiAdapter.createParser(), 35_000);
});
