import { describe, expect, it } from 'vitest';
import { toolSummary } from './tool-summary';

describe('toolSummary', () => {
  it('names the verb and the object of gemini tools', () => {
    expect(toolSummary('write_file', { file_path: 'hello.txt', content: 'x' })).toBe('write hello.txt');
    expect(toolSummary('replace', { file_path: '/w/src/a.ts', old_string: 'a', new_string: 'b' })).toBe(
      'edit /w/src/a.ts',
    );
    expect(toolSummary('read_file', { absolute_path: 'README.md' })).toBe('read README.md');
    expect(toolSummary('run_shell_command', { command: 'npm test', description: 'Run tests' })).toBe(
      'run npm test',
    );
    expect(toolSummary('grep_search', { pattern: 'TODO', dir_path: 'src' })).toBe('search TODO in src');
    expect(toolSummary('glob', { pattern: '**/*.ts' })).toBe('find **/*.ts');
    expect(toolSummary('list_directory', { dir_path: '.' })).toBe('list .');
    expect(toolSummary('google_web_search', { query: 'vitest config' })).toBe(
      'search the web for vitest config',
    );
    expect(toolSummary('web_fetch', { prompt: 'Summarize https://example.com/a please' })).toBe(
      'fetch https://example.com/a',
    );
  });

  it('falls back to the tool name and its first text argument, on one short line', () => {
    expect(toolSummary('invoke_agent', { agent_name: 'codebase_investigator', n: 1 })).toBe(
      'invoke_agent codebase_investigator',
    );
    expect(toolSummary('enter_plan_mode', {})).toBe('enter plan mode');
    const long = toolSummary('run_shell_command', { command: `echo ${'x'.repeat(300)}\nls` });
    expect(long).toHaveLength(160);
    expect(long.endsWith('…')).toBe(true);
    expect(long).not.toContain('\n');
  });
});
