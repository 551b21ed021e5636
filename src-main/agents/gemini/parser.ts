import { draft, type EventDraft } from '../../../src-shared/models';
import { assistantText, at, parseJsonObject, rawLine } from '../signals';
import type { LineParser } from '../types';
import { clipOutput } from '../clip-output';
import { mainModel } from '../main-model';
import { httpStatusOf } from './api-error';
import { filePathOf, READ_TOOL, SHELL_TOOL, toolSummary, WRITE_TOOLS } from './tool-summary';

type Json = Record<string, unknown>;

interface PendingText {
  text: string;
  from: number;
  to: number;
}

interface OpenTool {
  name: string;
  params: Json;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const obj = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
/** A token count: finite and not negative (a line may say 1e999, which JSON.parse reads as Infinity). */
const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;

/** Gemini streams assistant text as `delta:true` fragments, one per SSE chunk (cli notes quirk 14). */
const isAssistantDelta = (line: Json): boolean =>
  line.type === 'message' &&
  line.role === 'assistant' &&
  line.delta === true &&
  typeof line.content === 'string';

/** The shell tool says a non-zero exit only in its display text, and only when the command printed nothing. */
const EXIT_CODE = /^Command exited with code: (\d+)$/;

/** Parser of `gemini -o stream-json` (cli notes §2): one JSON object per line. */
/** The real model of a run from stats.models (the init line says "auto" unless one was asked for). */
function modelOf(stats: Json): { model?: string } {
  const models = obj(stats.models) ?? {};
  const tokens = Object.fromEntries(
    Object.entries(models).map(([name, m]) => [name, count(obj(m)?.total_tokens)]),
  );
  const model = mainModel(tokens);
  return model ? { model } : {};
}

export function createGeminiParser(): LineParser {
  return new GeminiParser();
}

class GeminiParser implements LineParser {
  private pending: PendingText | null = null;
  private readonly tools = new Map<string, OpenTool>();
  /** Files this run read or wrote: the stream never says whether write_file created or overwrote. */
  private readonly knownFiles = new Set<string>();
  private lastAssistant: string | undefined;
  private lastErrorLine: string | undefined;
  private started = false;
  private finished = false;
  private lastLineNo = 0;

  push(line: string, lineNo: number): EventDraft[] {
    this.lastLineNo = lineNo;
    const json = parseJsonObject(line);
    if (json && isAssistantDelta(json)) {
      this.appendDelta(json.content as string, lineNo);
      return [];
    }
    const out = this.flush();
    if (!json) {
      out.push(rawLine(line, lineNo, 'malformed'));
      return out;
    }
    try {
      out.push(...this.read(json, line, lineNo));
    } catch {
      out.push(rawLine(line, lineNo, 'unknown'));
    }
    return out;
  }

  end(): EventDraft[] {
    const out = this.flush();
    // SIGTERM or a crash ends gemini without a result line, sometimes with exit 0 (cli notes quirk 1).
    if (this.started && !this.finished) {
      out.push(
        draft(
          'error',
          { message: 'gemini stopped without a result line', fatal: true, code: 'no_result' },
          at(this.lastLineNo),
        ),
      );
    }
    return out;
  }

  private appendDelta(text: string, lineNo: number): void {
    if (this.pending) {
      this.pending.text += text;
      this.pending.to = lineNo;
    } else {
      this.pending = { text, from: lineNo, to: lineNo };
    }
  }

  private flush(): EventDraft[] {
    if (!this.pending) return [];
    const { text, from, to } = this.pending;
    this.pending = null;
    this.lastAssistant = text;
    return assistantText(text, { from, to });
  }

  private read(json: Json, line: string, lineNo: number): EventDraft[] {
    switch (json.type) {
      case 'init':
        return this.init(json, line, lineNo);
      case 'message':
        return this.message(json, line, lineNo);
      case 'tool_use':
        return this.toolUse(json, line, lineNo);
      case 'tool_result':
        return this.toolResult(json, line, lineNo);
      case 'error':
        return this.errorLine(json, line, lineNo);
      case 'result':
        return this.result(json, line, lineNo);
      default:
        return [rawLine(line, lineNo, 'unknown')];
    }
  }

  private init(json: Json, line: string, lineNo: number): EventDraft[] {
    const ref = str(json.session_id);
    if (!ref) return [rawLine(line, lineNo, 'unknown')];
    this.started = true;
    const model = str(json.model);
    return [draft('session_ref', model ? { ref, model } : { ref }, at(lineNo))];
  }

  private message(json: Json, line: string, lineNo: number): EventDraft[] {
    const text = str(json.content);
    if (text === undefined) return [rawLine(line, lineNo, 'unknown')];
    if (json.role === 'user') return [draft('message', { role: 'user', text }, at(lineNo))];
    if (json.role !== 'assistant') return [rawLine(line, lineNo, 'unknown')];
    this.lastAssistant = text;
    return assistantText(text, at(lineNo));
  }

  private toolUse(json: Json, line: string, lineNo: number): EventDraft[] {
    const name = str(json.tool_name);
    const toolId = str(json.tool_id);
    if (!name || !toolId) return [rawLine(line, lineNo, 'unknown')];
    const params = obj(json.parameters) ?? {};
    this.tools.set(toolId, { name, params });
    const lines = at(lineNo);
    const out: EventDraft[] = [
      draft(
        'tool_use',
        { toolId, name, summary: toolSummary(name, params), input: json.parameters ?? {} },
        lines,
      ),
    ];
    const command = str(params.command);
    if (name === SHELL_TOOL && command !== undefined) {
      out.push(draft('command', { command, status: 'started', exitCode: null }, lines));
    }
    if (name === 'write_todos' && Array.isArray(params.todos)) {
      const items = params.todos.map(obj).flatMap((todo) => {
        const text = str(todo?.description);
        return text === undefined ? [] : [{ text, done: todo?.status === 'completed' }];
      });
      out.push(draft('todo', { items }, lines));
    }
    return out;
  }

  private toolResult(json: Json, line: string, lineNo: number): EventDraft[] {
    const toolId = str(json.tool_id);
    const status = str(json.status);
    if (!toolId || !status) return [rawLine(line, lineNo, 'unknown')];
    const ok = status === 'success';
    const full = str(json.output);
    const output = full === undefined ? undefined : clipOutput(full);
    const error = obj(json.error);
    const errorType = str(error?.type);
    const tool = this.tools.get(toolId);
    this.tools.delete(toolId);
    const lines = at(lineNo);

    const out: EventDraft[] = [
      draft(
        'tool_result',
        {
          toolId,
          ok,
          ...(output !== undefined ? { output } : {}),
          ...(errorType !== undefined ? { errorType } : {}),
        },
        lines,
      ),
    ];
    if (!ok) {
      // Tool errors do not end the run (exit 0, result success), but recovery needs to see them:
      // invalid_tool_params "Path not in workspace…", tool_not_registered in headless default mode.
      const message = str(error?.message) ?? output ?? `${tool?.name ?? 'tool'} failed`;
      out.push(draft('error', { message, fatal: false, ...(errorType ? { code: errorType } : {}) }, lines));
    }
    if (tool?.name === SHELL_TOOL) out.push(this.commandDone(tool, ok, output, errorType, lineNo));
    if (ok && tool) out.push(...this.fileChange(tool, lineNo));
    return out;
  }

  private commandDone(
    tool: OpenTool,
    ok: boolean,
    output: string | undefined,
    errorType: string | undefined,
    lineNo: number,
  ): EventDraft {
    const command = str(tool.params.command) ?? '';
    const exit = output === undefined ? null : EXIT_CODE.exec(output.trim());
    const code = exit?.[1] ? Number(exit[1]) : null;
    // Digits beyond a safe integer are no exit code the schema takes (nor one a shell gives).
    const exitCode = Number.isSafeInteger(code) ? code : null;
    // tool_not_registered: the approval mode offers no shell, so the command never ran (cli notes quirk 7).
    const status =
      errorType === 'tool_not_registered' ? 'declined' : ok && code === null ? 'completed' : 'failed';
    return draft(
      'command',
      { command, status, exitCode, ...(output !== undefined ? { output } : {}) },
      at(lineNo),
    );
  }

  private fileChange(tool: OpenTool, lineNo: number): EventDraft[] {
    const path = filePathOf(tool.params);
    if (!path) return [];
    if (tool.name === READ_TOOL) {
      this.knownFiles.add(path);
      return [];
    }
    if (!WRITE_TOOLS.has(tool.name)) return [];
    // replace with an empty old_string creates the file; write_file never tells, so guess from this run.
    const kind =
      tool.name === 'write_file'
        ? this.knownFiles.has(path)
          ? 'update'
          : 'add'
        : tool.params.old_string === ''
          ? 'add'
          : 'update';
    this.knownFiles.add(path);
    return [draft('file_change', { path, kind }, at(lineNo))];
  }

  private errorLine(json: Json, line: string, lineNo: number): EventDraft[] {
    const message = str(json.message);
    if (message === undefined) return [rawLine(line, lineNo, 'unknown')];
    // severity "warning" (a loop detected, a hook's block): gemini carries on and a result follows.
    if (str(json.severity) === 'warning') return [draft('notice', { message, code: 'warning' }, at(lineNo))];
    this.lastErrorLine = message;
    const httpStatus = httpStatusOf(message);
    return [
      draft('error', { message, fatal: false, ...(httpStatus !== null ? { httpStatus } : {}) }, at(lineNo)),
    ];
  }

  private result(json: Json, line: string, lineNo: number): EventDraft[] {
    const status = str(json.status);
    if (!status) return [rawLine(line, lineNo, 'unknown')];
    this.finished = true;
    const lines = at(lineNo);
    const out: EventDraft[] = [];
    const stats = obj(json.stats);
    if (stats) {
      out.push(
        draft(
          'usage',
          {
            inputTokens: count(stats.input_tokens),
            outputTokens: count(stats.output_tokens),
            cachedInputTokens: count(stats.cached),
            costUsd: null,
            ...modelOf(stats),
          },
          lines,
        ),
      );
    }
    // Exit code 0 is not success: the empty-stream failure exits 0 with status "error" and no error field.
    const ok = status === 'success';
    const error = obj(json.error);
    const errorType = str(error?.type);
    if (!ok) {
      const message =
        str(error?.message) ?? this.lastErrorLine ?? 'gemini ended with status error and no reason';
      const httpStatus = httpStatusOf(message);
      out.push(
        draft(
          'error',
          {
            message,
            fatal: true,
            ...(errorType ? { code: errorType } : {}),
            ...(httpStatus !== null ? { httpStatus } : {}),
          },
          lines,
        ),
      );
    }
    const subtype = ok ? 'success' : (errorType ?? 'error');
    const text = this.lastAssistant;
    out.push(draft('result', { ok, subtype, ...(text !== undefined ? { text } : {}) }, lines));
    return out;
  }
}
