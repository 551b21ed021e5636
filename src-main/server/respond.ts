import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { findNul, NUL_REFUSAL } from '../../src-shared/models';
import { ApiError } from './api-error';

/**
 * Answers with JSON that has passed its schema: the API promises the shared models, so a value that does
 * not match is a bug to report as a 500, never something to send.
 */
export function validJson<S extends z.ZodType>(
  c: Context,
  schema: S,
  value: z.input<S>,
  status: ContentfulStatusCode = 200,
): Response {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`response does not match its schema: ${parsed.error.message}`);
  return c.newResponse(JSON.stringify(parsed.data), status, {
    'Content-Type': 'application/json; charset=utf-8',
  });
}

const describeIssues = (error: z.ZodError): string =>
  error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');

/**
 * A request's JSON body, checked against its schema. An empty body stands for `{}` when the body is
 * optional; a non-empty one must say it is JSON, so a form post from another page is never read as one.
 */
export async function readJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  options: { optional: boolean },
): Promise<z.output<S>> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== '' || !options.optional) {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
    }
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'bad_json', 'the body is not valid JSON');
    }
  }
  // Any string of a body may end up on a command line or in a path: a NUL is refused before anything.
  const nul = findNul(value);
  if (nul !== null) throw new ApiError(400, 'invalid_input', `${nul}: ${NUL_REFUSAL}`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, 'invalid_input', describeIssues(parsed.error));
  return parsed.data;
}
