import type { EventPayloads } from '../../../src-shared/models';

type ErrorPayload = EventPayloads['error'];

/**
 * Known final messages of a failed codex turn (cli notes §3, "Server-side errors"). codex words them itself,
 * mostly without the HTTP status, so the code comes from the text.
 */
const FATAL_CODES: readonly [RegExp, string][] = [
  [/\b401 Unauthorized\b|Incorrect API key/i, 'unauthorized'],
  [/\b429 Too Many Requests\b/i, 'rate_limited'],
  [/Quota exceeded/i, 'quota_exceeded'],
  [/ran out of room in the model's context window/i, 'context_window_exceeded'],
  [/Missing environment variable/i, 'missing_api_key'],
  [/does not exist or you do not have access/i, 'model_not_found'],
  [/experiencing high demand|\bstatus:?\s*5\d\d\b/i, 'server_error'],
  [/stream disconnected before completion/i, 'stream_disconnected'],
];

const STATUS = /\b(?:unexpected status|last status:)\s*(\d{3})\b/i;

/** The HTTP status codex quotes in a message ("unexpected status 401 …", "last status: 429 …"), if any. */
export function httpStatusOf(message: string): { httpStatus: number } | Record<string, never> {
  const match = STATUS.exec(message);
  return match?.[1] ? { httpStatus: Number(match[1]) } : {};
}

/**
 * A top-level `error` line. "Reconnecting..." lines are codex retrying by itself, not failures (the final
 * `turn.failed` is the authority, cli notes §3). "waiting for network" gets its own code because codex retries
 * that one forever (openai/codex#25308): only a watchdog of ours can end it.
 */
export function topLevelError(message: string): ErrorPayload {
  const status = httpStatusOf(message);
  if (/^Reconnecting\.\.\.\s*waiting for network/i.test(message)) {
    return { message, fatal: false, retrying: true, code: 'waiting_for_network', ...status };
  }
  if (/^Reconnecting\.\.\./i.test(message)) {
    return { message, fatal: false, retrying: true, code: 'reconnecting', ...status };
  }
  return { message, fatal: false, code: fatalCode(message), ...status };
}

/** The message of `turn.failed`: the run ends with it. */
export function turnFailedError(message: string): ErrorPayload {
  return { message, fatal: true, code: fatalCode(message), ...httpStatusOf(message) };
}

/**
 * An `error` item is a warning codex carries on after (model metadata fallback, WebSocket to HTTPS
 * fallback; cli notes §2): a notice, not an error.
 */
export function noticeItem(message: string): EventPayloads['notice'] {
  const code = /^Model metadata for/i.test(message)
    ? 'model_metadata_fallback'
    : /^Falling back from WebSockets/i.test(message)
      ? 'transport_fallback'
      : 'warning';
  return { message, code };
}

function fatalCode(message: string): string {
  return FATAL_CODES.find(([pattern]) => pattern.test(message))?.[1] ?? 'turn_failed';
}
