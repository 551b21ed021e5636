/**
 * One argument may hold at most 128 KiB on Linux (MAX_ARG_STRLEN) and the whole argv plus environment about
 * 2 MiB, so a long task in the argument list fails to start at all (spawn E2BIG). Prompts above this size go
 * on stdin instead, which every CLI reads in headless mode (cli notes: claude `-p` without a prompt, codex
 * `exec -`, gemini stdin in front of `-p`). Short prompts stay in the argv, where recovery and the logs see them.
 */
export const STDIN_PROMPT_BYTES = 16 * 1024;

/** Whether the prompt must go on stdin rather than in the argument list. */
export const promptOnStdin = (prompt: string): boolean =>
  new TextEncoder().encode(prompt).length > STDIN_PROMPT_BYTES;
