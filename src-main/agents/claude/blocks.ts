import { draft, type EventDraft, type RawLines } from '../../../src-shared/models';
import { assistantText } from '../signals';
import { clip, int, list, rec, str, textOf, type Json } from './fields';
import type { ClaudeState } from './state';
import { EDIT_TOOLS, editedPath, summarizeTool } from './tool-summary';

/**
 * An API failure is printed as an assistant message from model "<synthetic>" with an `error` code
 * (authentication_failed, rate_limit, server_error…), not as model text; see cli notes §3.
 */
const isApiError = (line: Json): boolean =>
  typeof line.error === 'string' || line.is_api_error_message === true;

/** One assistant line: claude prints one per completed content block, several share message.id. */
export function assistantEvents(state: ClaudeState, line: Json, lines: RawLines): EventDraft[] {
  const message = rec(line.message);
  if (isApiError(line)) {
    state.pendingError = draft(
      'error',
      {
        message: textOf(message?.content) || 'API error',
        fatal: true,
        code: str(line.error) ?? 'unknown',
        httpStatus: int(line.api_error_status),
      },
      lines,
    );
    return [];
  }
  const out: EventDraft[] = [];
  for (const value of list(message?.content)) {
    const block = rec(value);
    const kind = str(block?.type);
    if (!block) continue;
    if (kind === 'text') {
      const text = str(block.text) ?? '';
      if (text.trim()) out.push(...assistantText(text, lines));
    } else if (kind === 'thinking') {
      const text = str(block.thinking) ?? '';
      if (text.trim()) out.push(draft('thinking', { text }, lines));
    } else if (kind === 'tool_use' || kind === 'server_tool_use') {
      out.push(...toolUseEvents(state, block, lines));
    }
  }
  return out;
}

function toolUseEvents(state: ClaudeState, block: Json, lines: RawLines): EventDraft[] {
  const toolId = str(block.id) ?? '';
  const name = str(block.name) ?? 'tool';
  const input = rec(block.input);
  state.tools.set(toolId, { name, input });
  const out: EventDraft[] = [
    draft(
      'tool_use',
      { toolId, name, summary: summarizeTool(name, block.input, state.cwd), input: block.input },
      lines,
    ),
  ];
  if (name === 'Bash') {
    out.push(
      draft('command', { command: str(input?.command) ?? '', status: 'started', exitCode: null }, lines),
    );
  } else if (name === 'TodoWrite') {
    const items = list(input?.todos).map((t) => ({
      text: str(rec(t)?.content) ?? '',
      done: rec(t)?.status === 'completed',
    }));
    out.push(draft('todo', { items }, lines));
  }
  return out;
}

/** One user line: tool results (with the tool's structured output), an interrupt notice, or a replay. */
export function userEvents(state: ClaudeState, line: Json, lines: RawLines): EventDraft[] {
  const content = rec(line.message)?.content;
  if (typeof content === 'string') {
    return content.trim() ? [draft('message', { role: 'user', text: content }, lines)] : [];
  }
  const blocks = list(content).map(rec);
  const results = blocks.filter((b) => b?.type === 'tool_result');
  // tool_use_result belongs to the line, so it is only unambiguous when the line carries one result.
  const structured = results.length === 1 ? line.tool_use_result : undefined;
  const meta = list(line.tool_result_meta).map(rec);
  const out: EventDraft[] = [];
  for (const block of blocks) {
    if (!block) continue;
    if (block.type === 'tool_result') {
      const toolId = str(block.tool_use_id) ?? '';
      const kind = str(meta.find((m) => m?.id === toolId)?.non_execution_kind);
      out.push(...toolResultEvents(state, block, toolId, kind, structured, lines));
    } else if (block.type === 'text') {
      const text = str(block.text) ?? '';
      if (text.trim()) out.push(draft('message', { role: 'user', text }, lines));
    }
  }
  return out;
}

function toolResultEvents(
  state: ClaudeState,
  block: Json,
  toolId: string,
  nonExecution: string | null,
  structured: unknown,
  lines: RawLines,
): EventDraft[] {
  const ok = block.is_error !== true;
  const output = clip(textOf(block.content));
  const out: EventDraft[] = [
    draft(
      'tool_result',
      ok ? { toolId, ok, output } : { toolId, ok, output, errorType: nonExecution ?? 'tool_error' },
      lines,
    ),
  ];
  const tool = state.tools.get(toolId);
  // Each tool_use gets one result; forgetting it keeps a long run's memory bounded.
  state.tools.delete(toolId);
  if (tool?.name === 'Bash') {
    const interrupted = rec(structured)?.interrupted === true;
    const status = ok && !interrupted ? 'completed' : nonExecution ? 'declined' : 'failed';
    // A failed Bash result starts with "Exit code N"; a successful one has no code because it is 0.
    const code = /^Exit code (\d+)/.exec(output)?.[1];
    const exitCode = status === 'completed' ? 0 : code ? int(Number(code)) : null;
    out.push(draft('command', { command: str(tool.input?.command) ?? '', status, exitCode, output }, lines));
  }
  if (ok) {
    const change = fileChange(tool, structured);
    if (change) out.push(draft('file_change', change, lines));
  }
  return out;
}

/**
 * The successful tool result, not the tool_use, is the one source of file_change: a tool_use may
 * still be denied (default permission mode denies Write, see cli notes §4), and only the result's
 * tool_use_result tells a new file (type "create") from an update.
 */
function fileChange(
  tool: { name: string; input: Json | null } | undefined,
  structured: unknown,
): { path: string; kind: 'add' | 'update' } | null {
  if (tool && !EDIT_TOOLS.has(tool.name)) return null;
  const result = rec(structured);
  const reported = str(result?.filePath);
  // Without the tool_use (it was printed before a resume) only an edit-shaped result counts.
  if (reported && (tool || 'structuredPatch' in (result ?? {}))) {
    return { path: reported, kind: result?.type === 'create' ? 'add' : 'update' };
  }
  const path = tool ? editedPath(tool.input) : null;
  return path ? { path, kind: 'update' } : null;
}
