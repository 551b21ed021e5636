import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserInputError } from '../coordinator/errors';
import { MAX_TASK_LENGTH } from '../coordinator/validate-request';

/**
 * No task of MAX_TASK_LENGTH UTF-16 units takes more UTF-8 bytes than this (a unit is at most 3 bytes, a
 * surrogate pair 4 for 2 units): a source that holds more is refused without being read whole.
 */
export const MAX_TASK_BYTES = 4 * MAX_TASK_LENGTH;

const tooManyBytes = (): UserInputError =>
  new UserInputError(
    `the task is too long (more than ${MAX_TASK_BYTES} bytes; at most ${MAX_TASK_LENGTH} characters)`,
    'bad_task',
  );

/** The text of a task file as UTF-8; the task's own rules (empty, NUL, length) are checked by the session. */
function decode(bytes: Buffer, from: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserInputError(`the task file ${from} is not UTF-8 text`, 'bad_task');
  }
}

async function readBounded(path: string): Promise<Buffer> {
  let stats;
  try {
    stats = await stat(path);
  } catch {
    throw new UserInputError(`task file not found: ${path}`, 'bad_task');
  }
  if (!stats.isFile()) throw new UserInputError(`the task file ${path} is not a file`, 'bad_task');
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    throw new UserInputError(`the task file ${path} cannot be read by you`, 'bad_task');
  }
  try {
    // One byte more than any task needs tells a file that is too long, whatever its size claims.
    const buffer = Buffer.alloc(MAX_TASK_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_TASK_BYTES) throw tooManyBytes();
    }
    return buffer.subarray(0, length);
  } finally {
    await file.close();
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    length += bytes.length;
    if (length > MAX_TASK_BYTES) throw tooManyBytes();
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/**
 * The task of `run`: given inline, or read from a file (`-`: stdin) when it is too long for one argument
 * (128 KiB) or holds what a shell would mangle. Exactly one of the two.
 */
export async function taskFrom(
  inline: string | undefined,
  taskFile: string | undefined,
  stdin: NodeJS.ReadableStream,
): Promise<string> {
  if (inline !== undefined && taskFile !== undefined)
    throw new UserInputError('give the task either as an argument or with --task-file, not both', 'bad_task');
  if (taskFile === undefined) {
    if (inline === undefined)
      throw new UserInputError('no task given: pass "<task>" or --task-file FILE (- for stdin)', 'bad_task');
    return inline;
  }
  if (taskFile === '-') return decode(await readStream(stdin), 'on stdin');
  const path = resolve(taskFile);
  return decode(await readBounded(path), path);
}
