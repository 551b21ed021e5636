import { describe, expect, it } from 'vitest';
import { fixtureLines, parseAll, type CliName } from '../../test/cli-fixtures';
import { ofType } from '../../src-shared/models';
import { describeEvent } from '../../src-shared/state/describe-event';
import { toolKind } from '../../src-shared/log/tool-kind';
import { ADAPTERS } from './registry';

const toolCalls = (cli: CliName, file: string) =>
  ofType(parseAll(ADAPTERS[cli].createParser(), fixtureLines(cli, file)), 'tool_use').map((d) => ({
    ...d,
    seq: 1,
    ts: new Date(0).toISOString(),
    sessionId: 's',
  }));

describe('tool-kind icons on the CLIs’ recorded tool calls', () => {
  it('an edit looks like an edit, a shell command like a run, a web search like the web', () => {
    const lines = [
      ...toolCalls('claude', 'session-write.jsonl'),
      ...toolCalls('codex', 'examples.jsonl'),
      ...toolCalls('gemini', 'session-write.jsonl'),
      ...toolCalls('gemini', 'cases/shell/stdout'),
    ].map((e) => describeEvent(e));
    expect(lines).toEqual([
      '✎ write hello.txt',
      '▶ run echo hi > hello.txt',
      '✎ create notes.md',
      '⚙ call echo/echo',
      '🌐 search codex exec jsonl events',
      '▶ run ls /nonexistent-dir',
      '⚙ call echo/echo',
      '✎ write hello.txt',
      '▶ run echo hi',
    ]);
  });

  it('a read is never shown as an edit, nor a search as a read', () => {
    expect(toolKind('Read', 'read src/a.ts')).toBe('read');
    expect(toolKind('read_file', 'read src/a.ts')).toBe('read');
    expect(toolKind('read_many_files', 'read src/*.ts')).toBe('read');
    expect(toolKind('Grep', 'search TODO')).toBe('search');
    expect(toolKind('glob', 'find **/*.md')).toBe('search');
    expect(toolKind('search_file_content', 'search x in src')).toBe('search');
    expect(toolKind('google_web_search', 'search the web for uPlot')).toBe('web');
    expect(toolKind('WebFetch', 'fetch https://example.org')).toBe('web');
    expect(toolKind('Edit', 'edit src/a.ts')).toBe('edit');
    expect(toolKind('TodoWrite', 'update the to-do list')).toBe('other');
  });
});
