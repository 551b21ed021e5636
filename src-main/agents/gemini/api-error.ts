/**
 * The HTTP status behind a gemini error text, when the text names one reliably; null otherwise.
 * Gemini wraps API failures as "[API Error: <body or friendly text>]" (cli notes §3): 400/401/403/500 keep
 * Google's JSON body with its "code"; 429 is rewritten to "Resource has been exhausted", the wording of
 * the RESOURCE_EXHAUSTED status that only a 429 carries; retries on stderr say "failed with status 429".
 */
export function httpStatusOf(message: string): number | null {
  const code = /"code"\s*:\s*(\d{3})\b/.exec(message) ?? /\bstatus(?: code)?:? (\d{3})\b/i.exec(message);
  if (code?.[1]) {
    const status = Number(code[1]);
    if (status >= 400 && status <= 599) return status;
  }
  if (/Resource has been exhausted|RESOURCE_EXHAUSTED/.test(message)) return 429;
  return null;
}
