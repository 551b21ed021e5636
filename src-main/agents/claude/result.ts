import { draft, type EventDraft, type EventPayloads, type RawLines } from '../../../src-shared/models';
import { amount, int, list, num, rec, str, total, type Json } from './fields';
import { mainModel } from '../main-model';
import { flushPending, type ClaudeState } from './state';

/**
 * Totals of the run. `modelUsage` wins over `usage` because on error_max_budget_usd the CLI prints
 * `usage` as zeros while modelUsage has the real counts (fixture cases/budget). Input counts the
 * cache reads and writes too, so cachedInputTokens is a part of inputTokens as with the other CLIs.
 */
function usageOf(line: Json): EventPayloads['usage'] | null {
  const byModel = Object.entries(rec(line.modelUsage) ?? {}).map(([name, m]) => [name, rec(m)] as const);
  const perModel = byModel.map(([, m]) => m);
  const cost = amount(line.total_cost_usd);
  if (perModel.length > 0) {
    const sum = (key: string) => total(...perModel.map((m) => amount(m?.[key]) ?? 0));
    const model = mainModel(
      Object.fromEntries(
        byModel.map(([name, m]) => [name, (amount(m?.inputTokens) ?? 0) + (amount(m?.outputTokens) ?? 0)]),
      ),
    );
    return {
      inputTokens: total(sum('inputTokens'), sum('cacheReadInputTokens'), sum('cacheCreationInputTokens')),
      outputTokens: sum('outputTokens'),
      cachedInputTokens: sum('cacheReadInputTokens'),
      costUsd: cost ?? sum('costUSD'),
      ...(model ? { model } : {}),
    };
  }
  const usage = rec(line.usage);
  if (!usage && cost === null) return null;
  const read = amount(usage?.cache_read_input_tokens) ?? 0;
  return {
    inputTokens: total(
      amount(usage?.input_tokens) ?? 0,
      read,
      amount(usage?.cache_creation_input_tokens) ?? 0,
    ),
    outputTokens: amount(usage?.output_tokens) ?? 0,
    cachedInputTokens: read,
    costUsd: cost,
  };
}

/** The most specific reason the CLI gives for a failed run, for the recovery engine to key on. */
const failureCode = (line: Json): string =>
  str(line.startup_failure_reason) ??
  str(line.api_error) ??
  str(line.terminal_reason) ??
  str(line.subtype) ??
  'unknown';

function failureText(line: Json): string {
  const errors = list(line.errors).filter((e): e is string => typeof e === 'string');
  if (str(line.result)) return str(line.result)!;
  if (errors.length) return errors.join('\n');
  // "success" is the subtype claude gives API errors too: it names no reason, so it is not shown as one.
  const subtype = str(line.subtype);
  return subtype && subtype !== 'success'
    ? `claude ended with ${subtype}`
    : 'claude ended with an error and gave no reason';
}

/**
 * The end of a turn. An API error ends with subtype "success" and is_error true (cli notes §3), so
 * ok needs both. Permission denials leave is_error false and exit 0 (cli notes §4), so they are
 * reported as errors here or the run would look clean.
 */
export function resultEvents(state: ClaudeState, line: Json, lines: RawLines): EventDraft[] {
  const ok = str(line.subtype) === 'success' && line.is_error !== true;
  if (state.pendingError && !ok) {
    const payload = state.pendingError.payload;
    state.pendingError = {
      ...state.pendingError,
      payload: { ...payload, httpStatus: payload.httpStatus ?? int(line.api_error_status) },
    };
  }
  const out: EventDraft[] = flushPending(state, !ok);
  const ref = str(line.session_id);
  // With zero turns nothing was saved: that id (a fresh one, or the missing one of a failed --resume)
  // cannot be resumed, and offering it would make recovery retry the same failure.
  if (ref && ref !== state.sessionRef && num(line.num_turns) !== 0) {
    state.sessionRef = ref;
    out.push(draft('session_ref', state.model ? { ref, model: state.model } : { ref }, lines));
  }
  const usage = usageOf(line);
  if (usage) out.push(draft('usage', usage, lines));
  if (!ok && !state.fatalReported) {
    const code = failureCode(line);
    const httpStatus = int(line.api_error_status);
    out.push(draft('error', { message: failureText(line), fatal: true, code, httpStatus }, lines));
  }
  for (const value of list(line.permission_denials)) {
    const denial = rec(value);
    const toolId = str(denial?.tool_use_id);
    if (toolId && state.denied.has(toolId)) continue;
    const tool = str(denial?.tool_name) ?? 'a tool';
    out.push(
      draft(
        'error',
        { message: `permission denied for ${tool}`, fatal: false, code: 'permission_denied' },
        lines,
      ),
    );
  }

  const text = str(line.result) ?? (ok ? undefined : failureText(line));
  const subtype = str(line.subtype) ?? undefined;
  out.push(draft('result', { ok, ...(text !== undefined && { text }), ...(subtype && { subtype }) }, lines));
  out.push(draft('turn', { phase: ok ? 'completed' : 'failed' }, lines));
  state.fatalReported = false;
  state.denied.clear();
  return out;
}
