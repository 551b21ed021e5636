import { maskLine, REDACTED, type Redactor } from './redact';

const BEGIN = /-----BEGIN[A-Z0-9 ]{0,40} PRIVATE KEY-----/;
const END = /-----END[A-Z0-9 ]{0,40} PRIVATE KEY-----/;
/** A 16384-bit RSA key in PEM is about 200 lines of 64; a block that never ends is let go after this many. */
const MAX_KEY_LINES = 400;

/**
 * A private key printed as text spans lines: its BEGIN line is masked by the patterns, but each body line alone
 * looks like base64. This remembers that a block is open and masks the lines up to its END line.
 */
export class PrivateKeyLines {
  private openFor = 0;

  constructor(private readonly redact: Redactor) {}

  /** `line` as it may be stored: masked by maskLine, and as a whole when inside an open key block. */
  mask(line: string): string {
    if (this.openFor > 0) {
      const end = END.exec(line);
      if (end) {
        this.openFor = 0;
        return `${REDACTED}${maskLine(line.slice(end.index + end[0].length), this.redact)}`;
      }
      this.openFor -= 1;
      return REDACTED;
    }
    const masked = maskLine(line, this.redact);
    if (!line.includes('-----BEGIN')) return masked;
    const begin = BEGIN.exec(line);
    if (begin && !END.test(line.slice(begin.index))) this.openFor = MAX_KEY_LINES;
    return masked;
  }
}
