/**
 * A line of assistant text that is a protocol signal (ARCHITECTURE §4): MILESTONE:, BLOCKER: or
 * REVIEW_REQUEST:, with the light markdown models wrap it in. The parsers make each one its own event.
 */
export const SIGNAL_LINE =
  /^\s*(?:[*_`>#-]+\s*)?(MILESTONE|BLOCKER|REVIEW_REQUEST)[*_`]*\s*:[*_`]*\s*(.*?)\s*[*_`]*\s*$/;

/**
 * A message without its signal lines: each signal is shown once, as its own event, not again inside the
 * message it came in. '' when the message was nothing else.
 */
export const withoutSignalLines = (text: string): string =>
  text
    .split(/\r?\n/)
    .filter((line) => !SIGNAL_LINE.test(line))
    .join('\n')
    .trim();
