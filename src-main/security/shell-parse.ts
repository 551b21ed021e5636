/** One shell word after quote removal. Expansions stay as written ("$HOME", "$(pwd)"), so paths stay readable. */
export interface ShellWord {
  text: string;
  /** Holds an expansion or substitution whose value is only known at run time. */
  dynamic: boolean;
}

/** A redirection that names a file (fd duplications such as 2>&1 and here-strings are not kept). */
export interface Redirect {
  op: '>' | '>>' | '<' | '<>';
  target: ShellWord;
}

export interface SimpleCommand {
  words: ShellWord[];
  redirects: Redirect[];
  /** The command as written, for evidence. */
  source: string;
}

/** Commands joined by `|`; pipelines are separated by `;`, `&&`, `||`, `&` and newlines. */
export type Pipeline = SimpleCommand[];

export interface ParsedScript {
  /** In reading order; pipelines of command substitutions come before the pipeline that uses them. */
  pipelines: Pipeline[];
  /** The script with quoted text and here-document bodies removed: what the shell reads as syntax. */
  syntax: string;
}

/**
 * Substitutions nested deeper than this end the reading (no real command nests 16 deep): adversarial input
 * must not blow the stack.
 */
const MAX_DEPTH = 16;

const BLANK = new Set([' ', '\t', '\r']);
const META = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>']);

interface Heredoc {
  delimiter: string;
  stripTabs: boolean;
}

/**
 * A best-effort POSIX shell reader, enough to tell what a command line runs: quotes, escapes, `$(…)`,
 * backticks, `${…}`, redirections, here-documents (whose bodies are data, not commands) and comments.
 * It never throws: unterminated quotes or substitutions end at the end of the text, as a shell waiting for
 * more input would see them.
 */
export function parseShell(script: string, depth = 0): ParsedScript {
  const parser = new ShellParser(script, depth);
  parser.parseList(false);
  return { pipelines: parser.pipelines, syntax: parser.syntax.join('') };
}

class ShellParser {
  pos = 0;
  readonly pipelines: Pipeline[] = [];
  readonly syntax: string[] = [];
  private readonly heredocs: Heredoc[] = [];

  constructor(
    private readonly src: string,
    private readonly depth: number,
  ) {}

  /** Reads commands until the end, or until the `)` closing a `$(` when `inSubstitution`. */
  parseList(inSubstitution: boolean): void {
    const src = this.src;
    let pipeline: Pipeline = [];
    let words: ShellWord[] = [];
    let redirects: Redirect[] = [];
    let start = this.pos;
    let parens = 0;

    const endCommand = (end: number): void => {
      if (words.length > 0 || redirects.length > 0) {
        pipeline.push({ words, redirects, source: src.slice(start, end).trim() });
      }
      words = [];
      redirects = [];
    };
    const endPipeline = (end: number): void => {
      endCommand(end);
      if (pipeline.length > 0) this.pipelines.push(pipeline);
      pipeline = [];
    };

    while (this.pos < src.length) {
      const ch = src[this.pos] as string;
      if (BLANK.has(ch)) {
        this.pos++;
        continue;
      }
      if (words.length === 0 && redirects.length === 0) start = this.pos;
      if (ch === '#') {
        this.skipComment();
        continue;
      }
      if (ch === '\n') {
        endPipeline(this.pos);
        this.pos++;
        this.syntax.push('\n');
        this.skipHeredocBodies();
        continue;
      }
      if (ch === ';') {
        endPipeline(this.pos);
        this.pos++;
        this.syntax.push(';');
        continue;
      }
      if (ch === '&' || ch === '|') {
        const next = src[this.pos + 1];
        if (ch === '&' && next === '>') {
          this.pos++;
          this.redirect(redirects, '>');
          continue;
        }
        if (ch === '|' && next !== '|') {
          endCommand(this.pos);
          this.pos += next === '&' ? 2 : 1;
        } else {
          endPipeline(this.pos);
          this.pos += next === ch ? 2 : 1;
        }
        this.syntax.push(ch);
        continue;
      }
      if (ch === '(') {
        endPipeline(this.pos);
        parens++;
        this.pos++;
        this.syntax.push('(');
        continue;
      }
      if (ch === ')') {
        endPipeline(this.pos);
        this.pos++;
        this.syntax.push(')');
        if (parens === 0 && inSubstitution) return;
        parens = Math.max(0, parens - 1);
        continue;
      }
      if ((ch === '<' || ch === '>') && src[this.pos + 1] === '(') {
        words.push(this.processSubstitution());
        continue;
      }
      if (ch === '<' || ch === '>') {
        // "2>file": the digits before the operator are the fd, not a word of the command.
        const last = words.at(-1);
        if (
          last &&
          !last.dynamic &&
          /^\d+$/.test(last.text) &&
          this.pos > 0 &&
          !BLANK.has(src[this.pos - 1]!)
        ) {
          words.pop();
        }
        this.redirect(redirects, ch);
        continue;
      }
      words.push(this.readWord());
    }
    endPipeline(this.pos);
  }

  private skipComment(): void {
    const end = this.src.indexOf('\n', this.pos);
    this.pos = end === -1 ? this.src.length : end;
  }

  /** Here-document bodies start on the line after their operator; they are input, never commands. */
  private skipHeredocBodies(): void {
    const src = this.src;
    while (this.heredocs.length > 0) {
      const doc = this.heredocs.shift() as Heredoc;
      while (this.pos < src.length) {
        const end = src.indexOf('\n', this.pos);
        const lineEnd = end === -1 ? src.length : end;
        let line = src.slice(this.pos, lineEnd);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        this.pos = end === -1 ? src.length : end + 1;
        if ((doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter) break;
      }
    }
  }

  private redirect(redirects: Redirect[], first: '<' | '>'): void {
    const src = this.src;
    this.pos++;
    let op: string = first;
    const next = src[this.pos];
    if (first === '<' && next === '<') {
      this.pos++;
      if (src[this.pos] === '<') {
        // A here-string is text on stdin, not a file.
        this.pos++;
        this.skipBlanks();
        this.readWord();
        return;
      }
      const stripTabs = src[this.pos] === '-';
      if (stripTabs) this.pos++;
      this.skipBlanks();
      const delimiter = this.readWord();
      this.heredocs.push({ delimiter: delimiter.text, stripTabs });
      return;
    }
    if (next === '&') {
      // ">&2", "<&0", ">&-": duplicating a descriptor writes no file; ">&file" does.
      this.pos++;
      this.skipBlanks();
      const target = this.readWord();
      if (first === '>' && !/^(?:\d+|-)$/.test(target.text)) redirects.push({ op: '>', target });
      return;
    }
    if (first === '>' && (next === '>' || next === '|')) {
      op = next === '>' ? '>>' : '>';
      this.pos++;
    } else if (first === '<' && next === '>') {
      op = '<>';
      this.pos++;
    }
    this.syntax.push(op);
    this.skipBlanks();
    if (this.pos >= src.length || META.has(src[this.pos]!)) return;
    redirects.push({ op: op as Redirect['op'], target: this.readWord() });
  }

  private skipBlanks(): void {
    while (this.pos < this.src.length && BLANK.has(this.src[this.pos]!)) this.pos++;
  }

  private processSubstitution(): ShellWord {
    const start = this.pos;
    this.pos += 2;
    this.nested();
    return { text: this.src.slice(start, this.pos), dynamic: true };
  }

  /** The commands of a `$(…)` or `<(…)` body, read from the same text so here-documents inside it work. */
  private nested(): void {
    if (this.depth + 1 >= MAX_DEPTH) {
      this.pos = this.src.length;
      return;
    }
    const inner = new ShellParser(this.src, this.depth + 1);
    inner.pos = this.pos;
    inner.parseList(true);
    this.pos = inner.pos;
    // Loops, not push(...spread): a spread of a few hundred thousand items overflows the call stack.
    for (const pipeline of inner.pipelines) this.pipelines.push(pipeline);
    this.syntax.push(inner.syntax.join(''));
  }

  private readWord(): ShellWord {
    const src = this.src;
    const text: string[] = [];
    let dynamic = false;
    while (this.pos < src.length) {
      const ch = src[this.pos] as string;
      if (META.has(ch)) break;
      if (ch === '\\') {
        const next = src[this.pos + 1];
        this.pos += 2;
        // Backslash-newline joins lines; any other escaped character is itself.
        if (next !== undefined && next !== '\n') text.push(next);
        continue;
      }
      if (ch === "'") {
        text.push(this.singleQuoted());
        continue;
      }
      if (ch === '"') {
        const part = this.doubleQuoted();
        text.push(part.text);
        dynamic ||= part.dynamic;
        continue;
      }
      if (ch === '$' && src[this.pos + 1] === "'") {
        this.pos++;
        text.push(this.ansiQuoted());
        continue;
      }
      if (ch === '$' || ch === '`') {
        const expansion = this.expansion();
        if (expansion !== null) {
          text.push(expansion);
          dynamic = true;
          continue;
        }
      }
      text.push(ch);
      this.syntax.push(ch);
      this.pos++;
    }
    this.syntax.push(' ');
    return { text: text.join(''), dynamic };
  }

  private singleQuoted(): string {
    const end = this.src.indexOf("'", this.pos + 1);
    const stop = end === -1 ? this.src.length : end;
    const text = this.src.slice(this.pos + 1, stop);
    this.pos = stop + 1;
    return text;
  }

  /** `$'…'`: C escapes; only the ones that matter for reading a command are decoded. */
  private ansiQuoted(): string {
    const src = this.src;
    const out: string[] = [];
    this.pos++;
    while (this.pos < src.length && src[this.pos] !== "'") {
      const ch = src[this.pos] as string;
      if (ch === '\\' && this.pos + 1 < src.length) {
        const next = src[this.pos + 1] as string;
        out.push(next === 'n' ? '\n' : next === 't' ? '\t' : next);
        this.pos += 2;
      } else {
        out.push(ch);
        this.pos++;
      }
    }
    this.pos++;
    return out.join('');
  }

  private doubleQuoted(): ShellWord {
    const src = this.src;
    const out: string[] = [];
    let dynamic = false;
    this.pos++;
    while (this.pos < src.length && src[this.pos] !== '"') {
      const ch = src[this.pos] as string;
      if (ch === '\\') {
        const next = src[this.pos + 1];
        if (next !== undefined && '$`"\\\n'.includes(next)) {
          if (next !== '\n') out.push(next);
          this.pos += 2;
          continue;
        }
      }
      if (ch === '$' || ch === '`') {
        const expansion = this.expansion();
        if (expansion !== null) {
          out.push(expansion);
          dynamic = true;
          continue;
        }
      }
      out.push(ch);
      this.pos++;
    }
    this.pos++;
    return { text: out.join(''), dynamic };
  }

  /** `$NAME`, `${…}`, `$((…))`, `$(…)` or a backtick substitution at pos, as written; null if `$` is literal. */
  private expansion(): string | null {
    const src = this.src;
    const start = this.pos;
    if (src[start] === '`') {
      this.backtick();
      return src.slice(start, this.pos);
    }
    const next = src[start + 1];
    if (next === '(' && src[start + 2] === '(') {
      this.pos = closing(src, start + 3, '(', ')', 2);
    } else if (next === '(') {
      this.pos += 2;
      this.nested();
    } else if (next === '{') {
      this.pos = closing(src, start + 2, '{', '}', 1);
    } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
      let end = start + 2;
      while (end < src.length && /\w/.test(src[end]!)) end++;
      this.pos = end;
    } else if (next !== undefined && /[0-9@*#?$!-]/.test(next)) {
      this.pos = start + 2;
    } else {
      return null;
    }
    return src.slice(start, this.pos);
  }

  /** A backtick body is its own script once its escapes are removed. */
  private backtick(): void {
    const src = this.src;
    const body: string[] = [];
    this.pos++;
    while (this.pos < src.length && src[this.pos] !== '`') {
      if (src[this.pos] === '\\' && this.pos + 1 < src.length) {
        body.push(src[this.pos + 1] as string);
        this.pos += 2;
      } else {
        body.push(src[this.pos] as string);
        this.pos++;
      }
    }
    this.pos++;
    if (this.depth + 1 >= MAX_DEPTH) return;
    const inner = parseShell(body.join(''), this.depth + 1);
    for (const pipeline of inner.pipelines) this.pipelines.push(pipeline);
    this.syntax.push(inner.syntax);
  }
}

/** The index just after the `depth`-th unmatched closer from `from`, or the end of the text. */
function closing(src: string, from: number, open: string, close: string, depth: number): number {
  let level = depth;
  for (let i = from; i < src.length; i++) {
    if (src[i] === open) level++;
    else if (src[i] === close && --level === 0) return i + 1;
  }
  return src.length;
}
