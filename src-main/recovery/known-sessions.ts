import type { Event } from '../../src-shared/models';

/** Events that only come of the model's answer: a session that has one holds a conversation to continue. */
function isModelOutput(event: Event): boolean {
  switch (event.type) {
    case 'message':
      return event.payload.role === 'assistant';
    case 'usage':
      return event.payload.outputTokens > 0;
    case 'thinking':
    case 'tool_use':
    case 'tool_result':
    case 'file_change':
    case 'command':
    case 'todo':
      return true;
    default:
      return false;
  }
}

/**
 * Which of a worker's CLI sessions can be resumed. A CLI announces its session id before it calls the API,
 * so an id alone proves nothing: gemini saves no session when its first request fails (a resume then exits
 * 42, "No previous sessions found"), and a session without an answer holds nothing worth continuing. A
 * session counts once the model answered in it, or when an earlier process handed it over; one the CLI
 * reported missing never again.
 */
export class KnownSessions {
  private readonly resumable = new Set<string>();
  private readonly missing = new Set<string>();
  private current: string | null = null;

  constructor(handedOver: string | null) {
    if (handedOver) this.resumable.add(handedOver);
    this.current = handedOver;
  }

  /** Follows a launch's events in order. */
  observe(event: Event): void {
    if (event.type === 'session_ref') this.current = event.payload.ref;
    if (this.current !== null && !this.missing.has(this.current) && isModelOutput(event))
      this.resumable.add(this.current);
  }

  /** The CLI said it has no session `ref`. */
  reportMissing(ref: string): void {
    this.missing.add(ref);
    this.resumable.delete(ref);
  }

  /** `ref` when it can be resumed, else null (start fresh). */
  resumableOrNull(ref: string | null): string | null {
    return ref !== null && this.resumable.has(ref) ? ref : null;
  }

  list(): string[] {
    return [...this.resumable];
  }
}
