import { draft, type EventDraft, type RawLines } from '../../../src-shared/models';
import { noticeItem } from './errors';
import { int, isObject, list, str, type Json } from './fields';
import { changesSummary, commandSummary, stripBacktrace } from './summaries';
import { clipOutput } from '../clip-output';

export type ItemPhase = 'started' | 'updated' | 'completed';

/** What the item mapping remembers across lines of one run. */
export interface ItemState {
  /** Items whose tool_use was already emitted, so their completion only adds the result. */
  toolUses: Set<string>;
  /** Last todo list emitted per item: codex repeats the final list at turn end. */
  todos: Map<string, string>;
}

/**
 * Events for one tool-like or plan item (agent_message is the parser's: it needs the turn). `null` = a type
 * this parser does not know; `[]` = a known phase that carries nothing new (the caller keeps it as `raw`).
 */
export function itemEvents(
  phase: ItemPhase,
  item: Json,
  id: string,
  lines: RawLines,
  state: ItemState,
): EventDraft[] | null {
  switch (str(item.type)) {
    case 'reasoning': {
      const text = str(item.text);
      return phase === 'completed' && text ? [draft('thinking', { text }, lines)] : [];
    }
    case 'command_execution':
      return commandEvents(phase, item, id, lines, state);
    case 'file_change':
      return fileChangeEvents(phase, item, id, lines, state);
    case 'mcp_tool_call':
      return mcpEvents(phase, item, id, lines, state);
    case 'web_search':
      return webSearchEvents(phase, item, id, lines, state);
    case 'todo_list':
      return todoEvents(item, id, lines, state);
    case 'error': {
      const message = str(item.message);
      return phase === 'completed' && message ? [draft('notice', noticeItem(message), lines)] : [];
    }
    default:
      return null;
  }
}

interface ToolUse {
  name: string;
  summary: string;
  input: unknown;
}

/** The tool_use at item.started; remembered so the completion does not repeat it. */
function openTool(state: ItemState, id: string, lines: RawLines, use: ToolUse): EventDraft[] {
  if (state.toolUses.has(id)) return [];
  state.toolUses.add(id);
  return [draft('tool_use', { toolId: id, ...use }, lines)];
}

/** At completion: the tool_use only if codex printed no start for it, so a tool_result is never orphaned. */
function closeTool(state: ItemState, id: string, lines: RawLines, use: ToolUse): EventDraft[] {
  const seen = state.toolUses.delete(id);
  return seen ? [] : [draft('tool_use', { toolId: id, ...use }, lines)];
}

/**
 * A shell command is both a `command` (exit code and output, which recovery reads: a read-only sandbox shows
 * only as a failed command, cli notes §3) and a tool_use/tool_result pair, so it sits in the same tool
 * timeline as claude's and gemini's shell tools ("run npm test").
 */
function commandEvents(
  phase: ItemPhase,
  item: Json,
  id: string,
  lines: RawLines,
  state: ItemState,
): EventDraft[] {
  const command = str(item.command) ?? '';
  const use = { name: 'shell', summary: commandSummary(command), input: { command } };
  if (phase === 'started') {
    return [
      ...openTool(state, id, lines, use),
      draft('command', { command, status: 'started', exitCode: null }, lines),
    ];
  }
  if (phase !== 'completed') return [];
  const exitCode = int(item.exit_code);
  const status = commandStatus(str(item.status), exitCode);
  const aggregated = str(item.aggregated_output);
  const output = aggregated ? clipOutput(aggregated) : undefined;
  const ok = status === 'completed';
  return [
    ...closeTool(state, id, lines, use),
    draft('command', { command, status, exitCode, ...(output ? { output } : {}) }, lines),
    draft(
      'tool_result',
      {
        toolId: id,
        ok,
        ...(output ? { output } : {}),
        ...(ok ? {} : { errorType: status === 'declined' ? 'declined' : 'exit_code' }),
      },
      lines,
    ),
  ];
}

function commandStatus(
  status: string | undefined,
  exitCode: number | null,
): 'completed' | 'failed' | 'declined' {
  if (status === 'completed' || status === 'failed' || status === 'declined') return status;
  return exitCode === 0 ? 'completed' : 'failed';
}

/**
 * A patch: the tool_use when it starts, the `file_change` events only once it completed (a patch that fails
 * verification changes nothing; codex then prints no item at all, cli notes §2).
 */
function fileChangeEvents(
  phase: ItemPhase,
  item: Json,
  id: string,
  lines: RawLines,
  state: ItemState,
): EventDraft[] {
  const changes = list(item.changes).flatMap((change) => {
    if (!isObject(change)) return [];
    const path = str(change.path);
    const kind = change.kind === 'add' || change.kind === 'delete' ? change.kind : 'update';
    return path ? [{ path, kind } as const] : [];
  });
  const use = { name: 'apply_patch', summary: changesSummary(changes), input: { changes } };
  if (phase === 'started') return openTool(state, id, lines, use);
  if (phase !== 'completed') return [];
  const ok = item.status !== 'failed';
  return [
    ...closeTool(state, id, lines, use),
    ...(ok ? changes.map((change) => draft('file_change', change, lines)) : []),
    draft('tool_result', { toolId: id, ok, ...(ok ? {} : { errorType: 'patch_failed' }) }, lines),
  ];
}

function mcpEvents(
  phase: ItemPhase,
  item: Json,
  id: string,
  lines: RawLines,
  state: ItemState,
): EventDraft[] {
  const server = str(item.server) ?? 'mcp';
  const tool = str(item.tool) ?? 'tool';
  const use = {
    name: `mcp__${server}__${tool}`,
    summary: `call ${server}/${tool}`,
    input: item.arguments ?? {},
  };
  if (phase === 'started') return openTool(state, id, lines, use);
  if (phase !== 'completed') return [];
  const error = isObject(item.error) ? (str(item.error.message) ?? 'MCP tool call failed') : undefined;
  const ok = item.status !== 'failed' && error === undefined;
  const text = ok ? mcpOutput(item.result) : stripBacktrace(error ?? 'MCP tool call failed');
  const output = text === undefined ? undefined : clipOutput(text);
  return [
    ...closeTool(state, id, lines, use),
    draft(
      'tool_result',
      { toolId: id, ok, ...(output ? { output } : {}), ...(ok ? {} : { errorType: 'mcp_error' }) },
      lines,
    ),
  ];
}

function mcpOutput(result: unknown): string | undefined {
  if (!isObject(result)) return undefined;
  const blocks = list(result.content).map((block) =>
    isObject(block) && block.type === 'text'
      ? (str(block.text) ?? '')
      : `[${isObject(block) ? str(block.type) : 'content'}]`,
  );
  if (blocks.length > 0) return blocks.join('\n');
  return result.structured_content == null ? undefined : JSON.stringify(result.structured_content);
}

/** The query is only known at completion (started has `query: ""`), so that line carries the tool_use. */
function webSearchEvents(
  phase: ItemPhase,
  item: Json,
  id: string,
  lines: RawLines,
  state: ItemState,
): EventDraft[] {
  if (phase !== 'completed') return [];
  const action = isObject(item.action) ? item.action : {};
  const query = str(item.query) || str(action.query) || '';
  // After JSON.parse, item.id is the search's server id: the duplicate key, see firstItemId.
  const searchId = str(item.id);
  return [
    ...closeTool(state, id, lines, {
      name: 'web_search',
      summary: query ? `search ${query}` : 'search the web',
      input: { query, ...(searchId && searchId !== id ? { searchId } : {}) },
    }),
    draft('tool_result', { toolId: id, ok: true }, lines),
  ];
}

function todoEvents(item: Json, id: string, lines: RawLines, state: ItemState): EventDraft[] {
  const items = list(item.items).flatMap((entry) =>
    isObject(entry) && str(entry.text) !== undefined
      ? [{ text: str(entry.text) ?? '', done: entry.completed === true }]
      : [],
  );
  const key = JSON.stringify(items);
  if (state.todos.get(id) === key) return [];
  state.todos.set(id, key);
  return [draft('todo', { items }, lines)];
}
