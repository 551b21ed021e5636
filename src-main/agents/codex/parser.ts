import { draft, type EventDraft, type RawLines } from '../../../src-shared/models';
import { assistantText, at, parseJsonObject, rawLine } from '../signals';
import type { LineParser } from '../types';
import { topLevelError, turnFailedError } from './errors';
import { count, firstItemId, isObject, str, type Json } from './fields';
import { itemEvents, type ItemPhase, type ItemState } from './items';

const PHASES = new Map<string, ItemPhase>([
  ['item.started', 'started'],
  ['item.updated', 'updated'],
  ['item.completed', 'completed'],
]);

const SIGNAL_TYPES = new Set(['MILESTONE', 'BLOCKER', 'REQUEST_REVIEW']);

/**
 * Reads `codex exec --json` stdout (cli notes §2). Stateful per run: tool items pair started/completed, the
 * turn's last agent message becomes the result text, and a top-level `error` is held for one line because
 * codex prints the fatal message twice, as `error` and then as `turn.failed`.
 */
export function createCodexParser(): LineParser {
  const items: ItemState = { toolUses: new Set(), todos: new Map() };
  let lastAgentText: string | undefined;
  let retried = false;
  const signalsSeen = new Set<string>();
  let heldError: { message: string; lineNo: number } | null = null;

  function releaseHeldError(): EventDraft[] {
    if (!heldError) return [];
    const { message, lineNo } = heldError;
    heldError = null;
    return [draft('error', topLevelError(message), at(lineNo))];
  }

  function startTurn(lines: RawLines): EventDraft[] {
    lastAgentText = undefined;
    retried = false;
    signalsSeen.clear();
    return [draft('turn', { phase: 'started' }, lines)];
  }

  function completeTurn(event: Json, lines: RawLines): EventDraft[] {
    const usage = isObject(event.usage) ? event.usage : {};
    return [
      draft('turn', { phase: 'completed' }, lines),
      // Thread totals, not this turn's: after `exec resume` they include the earlier runs (cli notes §2).
      // input_tokens already counts the cached ones (OpenAI usage); codex reports no cost.
      draft(
        'usage',
        {
          inputTokens: count(usage.input_tokens),
          outputTokens: count(usage.output_tokens),
          cachedInputTokens: count(usage.cached_input_tokens),
          costUsd: null,
        },
        lines,
      ),
      draft('result', { ok: true, ...(lastAgentText !== undefined ? { text: lastAgentText } : {}) }, lines),
    ];
  }

  function failTurn(event: Json, lineNo: number): EventDraft[] {
    const message = (isObject(event.error) ? str(event.error.message) : undefined) ?? 'turn failed';
    const out: EventDraft[] = [];
    let errorLines = at(lineNo);
    if (heldError && heldError.message === message && heldError.lineNo === lineNo - 1) {
      errorLines = { from: heldError.lineNo, to: lineNo };
      heldError = null;
    }
    out.push(...releaseHeldError());
    out.push(draft('error', turnFailedError(message), errorLines));
    out.push(draft('turn', { phase: 'failed' }, at(lineNo)));
    out.push(draft('result', { ok: false, subtype: 'turn_failed' }, at(lineNo)));
    return out;
  }

  /**
   * On a retry codex prints the partial agent_message again (cli notes §3, "Stream closed": six times), so an
   * identical message after a reconnect, and signals already raised in this turn, are not repeated: each
   * MILESTONE would otherwise trigger its own review.
   */
  function agentMessage(text: string, line: string, lineNo: number): EventDraft[] {
    if (retried && text === lastAgentText) return [rawLine(line, lineNo, 'ignored')];
    lastAgentText = text;
    return assistantText(text, at(lineNo)).filter((event) => {
      if (!SIGNAL_TYPES.has(event.type)) return true;
      const key = `${event.type}\n${(event.payload as { summary: string }).summary}`;
      const repeated = retried && signalsSeen.has(key);
      signalsSeen.add(key);
      return !repeated;
    });
  }

  function item(event: Json, phase: ItemPhase, line: string, lineNo: number): EventDraft[] {
    const value = event.item;
    if (!isObject(value)) return [rawLine(line, lineNo, 'unknown')];
    if (value.type === 'agent_message') {
      const text = str(value.text);
      return phase === 'completed' && text !== undefined
        ? agentMessage(text, line, lineNo)
        : [rawLine(line, lineNo, 'ignored')];
    }
    const id = firstItemId(line, value) ?? `line-${lineNo}`;
    const events = itemEvents(phase, value, id, at(lineNo), items);
    if (events === null) return [rawLine(line, lineNo, 'unknown')];
    return events.length > 0 ? events : [rawLine(line, lineNo, 'ignored')];
  }

  function read(line: string, lineNo: number): EventDraft[] {
    if (line.trim() === '') return [rawLine(line, lineNo, 'ignored')];
    const event = parseJsonObject(line);
    if (!event) return [rawLine(line, lineNo, 'malformed')];
    const type = str(event.type);
    if (type === 'turn.failed') return failTurn(event, lineNo);
    const out = releaseHeldError();
    const lines = at(lineNo);
    switch (type) {
      case 'thread.started': {
        const ref = str(event.thread_id);
        out.push(ref ? draft('session_ref', { ref }, lines) : rawLine(line, lineNo, 'unknown'));
        break;
      }
      case 'turn.started':
        out.push(...startTurn(lines));
        break;
      case 'turn.completed':
        out.push(...completeTurn(event, lines));
        break;
      case 'error': {
        const message = str(event.message) ?? '';
        const payload = topLevelError(message);
        if (payload.retrying) {
          retried = true;
          out.push(draft('error', payload, lines));
        } else {
          heldError = { message, lineNo };
        }
        break;
      }
      default: {
        const phase = type ? PHASES.get(type) : undefined;
        out.push(...(phase ? item(event, phase, line, lineNo) : [rawLine(line, lineNo, 'unknown')]));
      }
    }
    return out;
  }

  return {
    push(line, lineNo) {
      try {
        return read(line, lineNo);
      } catch {
        return [...releaseHeldError(), rawLine(line, lineNo, 'malformed')];
      }
    },
    end() {
      return releaseHeldError();
    },
  };
}
