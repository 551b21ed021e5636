import type { Event, Verdict } from '../models';
import { describeEvent, recoveryInWords } from '../state/describe-event';
import { ACTION_PLAIN, SIGNAL_PLAIN } from './action-words';
import { withoutSignalLines } from './signal-line';
import { toolLine } from './tool-kind';
import { clip, commandLine, duration, formatCost, tokens } from './text';
import type { LineTone } from './tone';

export interface EntryText {
  text: string;
  /** Shown on demand (thinking, command output, a long message, findings); never raw JSON. */
  detail?: string;
  tone: LineTone;
}

/** How a verdict reads in words; the page adds its colour. */
export const VERDICT_WORDS: Record<Verdict, { symbol: string; label: string }> = {
  approve: { symbol: '✓', label: 'approve' },
  concern: { symbol: '!', label: 'concern' },
  blocker: { symbol: '✕', label: 'blocker' },
};

const FILE_VERB = { add: '+ add', update: '~ edit', delete: '− delete' } as const;

/**
 * A readable line for every event, for the full log: where describeEvent leaves an event out of the
 * progress view (thinking, results, usage…), the log still says what it was, in words.
 */
export function describeEntry(event: Event): EntryText {
  switch (event.type) {
    case 'worker_started': {
      const { command, args, pid } = event.payload;
      return {
        text: `started${event.payload.demo ? ' (demo agent)' : ''}${pid === null ? '' : `, pid ${pid}`}`,
        detail: `${commandLine([command, ...args])}\nin ${event.payload.cwd}`,
        tone: 'plain',
      };
    }
    case 'worker_exited': {
      const { exitCode, signal, durationMs } = event.payload;
      return {
        text: `exited ${signal ? `on ${signal}` : `with code ${exitCode ?? '?'}`} after ${duration(durationMs)}`,
        tone: exitCode === 0 ? 'plain' : 'warning',
      };
    }
    case 'session_ref':
      return {
        text: `conversation ${event.payload.ref}${event.payload.model ? ` (${event.payload.model})` : ''}`,
        tone: 'muted',
      };
    case 'turn':
      return {
        text: `turn ${event.payload.phase}`,
        tone: event.payload.phase === 'failed' ? 'error' : 'muted',
      };
    case 'message': {
      const { role, text } = event.payload;
      const long = text.length > 160 || text.includes('\n');
      if (role === 'user')
        return { text: `prompt sent (${text.length} characters)`, detail: text, tone: 'muted' };
      // Its signal lines are events of their own, each shown once as such.
      const said = withoutSignalLines(text);
      if (said === '') return { text: 'said its signal (next line)', detail: text, tone: 'muted' };
      return { text: `“${clip(said)}”`, ...(long ? { detail: text } : {}), tone: 'plain' };
    }
    case 'thinking':
      return { text: 'thinking', detail: event.payload.text, tone: 'muted' };
    case 'tool_use':
      return { text: toolLine(event.payload.name, clip(event.payload.summary)), tone: 'plain' };
    case 'tool_result': {
      const { ok, output, errorType } = event.payload;
      return {
        text: ok ? '  ↳ done' : `  ↳ failed${errorType ? ` (${errorType})` : ''}`,
        ...(output ? { detail: output } : {}),
        tone: ok ? 'muted' : 'warning',
      };
    }
    case 'file_change':
      return { text: `${FILE_VERB[event.payload.kind]} ${event.payload.path}`, tone: 'plain' };
    case 'command': {
      const { command, status, exitCode, output } = event.payload;
      const text =
        status === 'started'
          ? `▶ ${clip(command, 120)} …`
          : status === 'declined'
            ? `▶ ${clip(command, 120)} (declined)`
            : `▶ ${clip(command, 120)} (exit ${exitCode ?? '?'})`;
      const failed = status === 'failed' || (exitCode !== null && exitCode !== 0);
      return { text, ...(output ? { detail: output } : {}), tone: failed ? 'warning' : 'plain' };
    }
    case 'todo': {
      const done = event.payload.items.filter((i) => i.done).length;
      return {
        text: `todo list: ${done} of ${event.payload.items.length} done`,
        detail: event.payload.items.map((i) => `${i.done ? '☑' : '☐'} ${i.text}`).join('\n'),
        tone: 'muted',
      };
    }
    case 'usage': {
      const { inputTokens, outputTokens, cachedInputTokens, costUsd } = event.payload;
      return {
        text: `usage: ${tokens(inputTokens)} in (${tokens(cachedInputTokens)} cached) · ${tokens(outputTokens)} out · ${formatCost(costUsd)}`,
        tone: 'muted',
      };
    }
    case 'result': {
      const base = describeEvent(event) ?? 'finished';
      return {
        text: base,
        ...(event.payload.text ? { detail: event.payload.text } : {}),
        tone: event.payload.ok ? 'plain' : 'error',
      };
    }
    case 'MILESTONE':
      return { text: `▲ ${SIGNAL_PLAIN.MILESTONE}: ${event.payload.summary}`, tone: 'milestone' };
    case 'BLOCKER':
      return { text: `${SIGNAL_PLAIN.BLOCKER}: ${event.payload.summary}`, tone: 'error' };
    case 'REQUEST_REVIEW':
      return { text: `${SIGNAL_PLAIN.REQUEST_REVIEW}: ${event.payload.summary}`, tone: 'milestone' };
    case 'error': {
      const { message, fatal, code, httpStatus, retrying } = event.payload;
      const tags = [code, httpStatus ? `HTTP ${httpStatus}` : null, retrying ? 'retrying' : null].filter(
        Boolean,
      );
      return {
        text: `${fatal ? 'error' : 'warning'}: ${clip(message)}${tags.length > 0 ? ` (${tags.join(', ')})` : ''}`,
        ...(message.length > 160 ? { detail: message } : {}),
        tone: fatal ? 'error' : 'warning',
      };
    }
    case 'notice': {
      const { message, code } = event.payload;
      return {
        text: `notice: ${clip(message)}${code ? ` (${code})` : ''}`,
        ...(message.length > 160 ? { detail: message } : {}),
        tone: 'muted',
      };
    }
    case 'review_requested': {
      const { request } = event.payload;
      return {
        text: `review requested: ${request.reviewers.join(', ')} → ${request.target} (${request.trigger})`,
        tone: 'plain',
      };
    }
    case 'review_verdict': {
      const { review } = event.payload;
      const look = VERDICT_WORDS[review.verdict];
      return {
        text: `review ${review.reviewer}→${review.target}: ${look.symbol} ${look.label}${review.reviewerError ? ' (no valid verdict)' : ''} — ${clip(review.summary, 100)}`,
        ...(review.findings.length > 0
          ? {
              detail: review.findings
                .map(
                  (f) =>
                    `[${f.severity}] ${f.file ? `${f.file}${f.line ? `:${f.line}` : ''} ` : ''}${f.message}`,
                )
                .join('\n'),
            }
          : {}),
        tone: review.verdict === 'approve' ? 'plain' : review.verdict === 'concern' ? 'warning' : 'error',
      };
    }
    case 'decision':
      return {
        text: `${ACTION_PLAIN[event.payload.action]}${event.payload.target ? ` for ${event.payload.target}` : ''}: ${clip(event.payload.reason, 120)} (${event.payload.action}, rule ${event.payload.rule})`,
        tone:
          event.payload.action === 'CONTINUE'
            ? 'plain'
            : event.payload.action === 'LOG_WARNING'
              ? 'warning'
              : 'error',
      };
    case 'recovery_action': {
      const { action } = event.payload;
      const change =
        action.before && action.after
          ? `${commandLine(action.before)}\n→ ${commandLine(action.after)}`
          : undefined;
      return {
        text: `↻ ${recoveryInWords(action)} (${action.kind} ${action.errorId})`,
        ...(change ? { detail: change } : {}),
        tone: 'warning',
      };
    }
    case 'control':
      return {
        text: `${event.payload.command}${event.payload.target ? ` ${event.payload.target}` : ' all'} (by ${event.payload.by})`,
        tone: 'plain',
      };
    case 'raw': {
      const cut = event.payload.truncated;
      if (cut) {
        return {
          text: `output line cut at ${cut.keptChars} chars; the rest (${cut.overflowBytes} bytes) is in ${cut.overflowFile}`,
          detail: event.payload.line,
          tone: 'warning',
        };
      }
      return {
        text:
          event.payload.reason === 'ignored'
            ? 'output line kept verbatim'
            : `unparsed output line (${event.payload.reason})`,
        detail: event.payload.line,
        tone: event.payload.reason === 'ignored' ? 'muted' : 'warning',
      };
    }
    default:
      return { text: describeEvent(event) ?? event.type, tone: 'plain' };
  }
}
