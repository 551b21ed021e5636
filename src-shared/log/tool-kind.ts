/** What a tool call does, for its icon: a read must not look like an edit. */
export type ToolKind = 'read' | 'edit' | 'run' | 'search' | 'web' | 'other';

export const TOOL_ICONS: Record<ToolKind, string> = {
  read: '📄',
  edit: '✎',
  run: '▶',
  search: '🔍',
  web: '🌐',
  other: '⚙',
};

/** The word a person reads beside the icon (a screen reader reads the word, not the picture). */
export const TOOL_KIND_WORDS: Record<ToolKind, string> = {
  read: 'read',
  edit: 'edit',
  run: 'run',
  search: 'search',
  web: 'web',
  other: 'tool',
};

// The three CLIs' tool names (claude: Read, Edit, Bash, Grep, WebFetch…; gemini: read_file, replace,
// run_shell_command, search_file_content, google_web_search…; codex: shell, apply_patch, web_search), in
// the order they are tried: "web_search" is web before it is search, "read_many_files" read before files.
const BY_NAME: [RegExp, ToolKind][] = [
  [/todo|^task$|agent/i, 'other'],
  [/web|fetch|url|browse/i, 'web'],
  [/bash|shell|exec|command|terminal|run/i, 'run'],
  [/write|edit|replace|patch|create|delete|notebook|move|rename|mkdir/i, 'edit'],
  [/grep|glob|search|find|list|^ls$/i, 'search'],
  [/read|view|cat|open|get/i, 'read'],
];

// Else the verb the summary starts with ("read src/a.ts", "run npm test", "search the web for …").
const BY_VERB: Record<string, ToolKind> = {
  read: 'read',
  view: 'read',
  write: 'edit',
  edit: 'edit',
  add: 'edit',
  update: 'edit',
  delete: 'edit',
  run: 'run',
  search: 'search',
  find: 'search',
  list: 'search',
  fetch: 'web',
};

export function toolKind(name: string, summary = ''): ToolKind {
  const verb = summary.trim().split(/\s+/, 1)[0]?.toLowerCase() ?? '';
  if (summary.startsWith('search the web')) return 'web';
  for (const [pattern, kind] of BY_NAME) if (pattern.test(name)) return kind;
  return BY_VERB[verb] ?? 'other';
}

/** "📄 read src/a.ts": the icon of the call's kind, then what it does. */
export const toolLine = (name: string, summary: string): string =>
  `${TOOL_ICONS[toolKind(name, summary)]} ${summary}`;
