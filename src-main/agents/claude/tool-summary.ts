import { isAbsolute, relative } from 'node:path';
import { list, rec, str, type Json } from './fields';

/** Tools that write one file; their successful result is the single source of `file_change`. */
export const EDIT_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

/** The file an edit tool's input names (NotebookEdit says notebook_path, the others file_path). */
export const editedPath = (input: Json | null): string | null =>
  str(input?.file_path) ?? str(input?.notebook_path);

function shown(path: string, cwd: string | null): string {
  if (!cwd || !isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function short(text: string, max = 80): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > max || text.includes('\n') ? `${line.slice(0, max)}…` : line;
}

/** What a person reads in the timeline: a verb and its object, paths relative to the run's cwd. */
export function summarizeTool(name: string, inputValue: unknown, cwd: string | null): string {
  const input = rec(inputValue);
  const path = editedPath(input) ?? str(input?.path);
  switch (name) {
    case 'Write':
      return path ? `write ${shown(path, cwd)}` : 'write a file';
    case 'Edit':
    case 'MultiEdit':
    case 'NotebookEdit':
      return path ? `edit ${shown(path, cwd)}` : 'edit a file';
    case 'Read':
      return path ? `read ${shown(path, cwd)}` : 'read a file';
    case 'Bash':
      return `run ${short(str(input?.command) ?? '')}`;
    case 'Glob':
      return `find ${str(input?.pattern) ?? 'files'}`;
    case 'Grep':
      return `search for ${short(str(input?.pattern) ?? '')}`;
    case 'WebFetch':
      return `fetch ${str(input?.url) ?? 'a page'}`;
    case 'WebSearch':
      return `search the web for ${short(str(input?.query) ?? '')}`;
    case 'Task':
    case 'Agent':
      return `delegate ${short(str(input?.description) ?? 'a subtask')}`;
    case 'TodoWrite':
      return `update the todo list (${list(input?.todos).length} items)`;
    default:
      return `use ${name}`;
  }
}
