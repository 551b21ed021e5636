import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { UserInputError } from '../coordinator/errors';

/** A refusal the API words for its caller: the status, a stable code and a message. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The core's refusal codes that are not "bad input": they map to the status that says why. */
const STATUS_OF_CODE: Record<string, ContentfulStatusCode> = {
  not_found: 404,
  not_running: 409,
  running: 409,
  not_resumable: 409,
  review_off: 409,
  no_decision: 409,
  wrong_worker: 409,
  not_allowed: 409,
  review_held: 409,
  // Delete of a session at work or waiting for a person: stop it first.
  session_running: 409,
  // A merge that is not clean, or not into the session's branch: the repository's state says no.
  merge_refused: 409,
  // A worktree an agent redirected: the request was fine, the worktree is not.
  worktree_tampered: 409,
};

/** The API's answer to an error thrown by a route, or null for an unexpected one (a 500). */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof UserInputError) {
    return new ApiError(STATUS_OF_CODE[error.code] ?? 400, error.code, error.message);
  }
  return null;
}

export const errorBody = (code: string, message: string) => ({ error: { code, message } });
