/** Gemini's tool names (packages/core/src/tools/definitions/base-declarations.ts in gemini-cli). */
export const WRITE_TOOLS = new Set(['write_file', 'replace', 'edit']);
export const SHELL_TOOL = 'run_shell_command';
export const READ_TOOL = 'read_file';

const MAX_SUMMARY = 160;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** The path a file tool acts on; older releases called it absolute_path. */
export const filePathOf = (params: Record<string, unknown>): string | undefined =>
  str(params.file_path) ?? str(params.absolute_path) ?? str(params.path);

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SUMMARY ? `${flat.slice(0, MAX_SUMMARY - 1)}…` : flat;
}

function listOf(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    const items = value.filter((v): v is string => typeof v === 'string');
    return items.length ? items.join(', ') : undefined;
  }
  return str(value);
}

function firstStringParam(params: Record<string, unknown>): string | undefined {
  for (const value of Object.values(params)) if (str(value)) return value as string;
  return undefined;
}

/** "verb object" for a person reading the timeline, e.g. "edit src/a.ts", "run npm test". */
export function toolSummary(name: string, params: Record<string, unknown>): string {
  const path = filePathOf(params);
  const text = ((): string => {
    switch (name) {
      case 'write_file':
        return `write ${path ?? 'a file'}`;
      case 'replace':
      case 'edit':
        return `edit ${path ?? 'a file'}`;
      case 'read_file':
        return `read ${path ?? 'a file'}`;
      case 'read_many_files':
        return `read ${listOf(params.include) ?? listOf(params.paths) ?? 'files'}`;
      case 'list_directory':
        return `list ${str(params.dir_path) ?? str(params.path) ?? '.'}`;
      case 'glob':
        return `find ${str(params.pattern) ?? 'files'}`;
      case 'grep_search':
      case 'search_file_content': {
        const where = str(params.dir_path) ?? str(params.path);
        return `search ${str(params.pattern) ?? 'files'}${where ? ` in ${where}` : ''}`;
      }
      case SHELL_TOOL:
        return `run ${str(params.command) ?? 'a command'}`;
      case 'google_web_search':
        return `search the web for ${str(params.query) ?? '…'}`;
      case 'web_fetch':
        return `fetch ${/https?:\/\/\S+/.exec(str(params.prompt) ?? '')?.[0] ?? str(params.url) ?? 'a web page'}`;
      case 'write_todos':
        return `update the todo list (${Array.isArray(params.todos) ? params.todos.length : 0} items)`;
      case 'save_memory':
        return `remember ${str(params.fact) ?? 'a fact'}`;
      case 'activate_skill':
        return `activate skill ${str(params.name) ?? ''}`;
      case 'update_topic':
        return `set topic ${str(params.title) ?? str(params.summary) ?? ''}`;
      case 'enter_plan_mode':
        return 'enter plan mode';
      case 'exit_plan_mode':
        return 'exit plan mode';
      default: {
        const arg = firstStringParam(params);
        return arg ? `${name} ${arg}` : name;
      }
    }
  })();
  return oneLine(text);
}
