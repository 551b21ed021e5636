import type { SessionStatus } from '../../src-shared/models';

/** Exit codes of `orchestrate run` (ARCHITECTURE §5). */
export const EXIT = {
  completed: 0,
  failed: 1,
  usage: 2,
  escalated: 3,
  paused: 4,
  /**
   * The session folder could not be written (disk full or read-only, I/O error, file size limit): the agents
   * were stopped and the session failed; what was written before is kept.
   */
  unwritable: 5,
  /** Interrupted by the person (Ctrl-C), as shells report SIGINT. */
  interrupted: 130,
} as const;

export function exitCodeFor(status: SessionStatus): number {
  switch (status) {
    case 'completed':
      return EXIT.completed;
    case 'escalated':
      return EXIT.escalated;
    case 'paused':
      return EXIT.paused;
    case 'stopped':
    case 'interrupted':
      return EXIT.interrupted;
    default:
      return EXIT.failed;
  }
}
