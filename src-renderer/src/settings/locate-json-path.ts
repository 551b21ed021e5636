export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Where the value at `path` sits in a JSON text (or the nearest enclosing value that exists, for a missing
 * field), so a validation message can select what it is about. A small scanner, not a parser: text that
 * is not valid JSON gives null.
 */
export function locateJsonPath(text: string, path: readonly (string | number)[]): TextSpan | null {
  let at = 0;
  const fail = (): never => {
    throw new SyntaxError('not JSON');
  };
  const space = (): void => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  };
  const string = (): string => {
    if (text[at] !== '"') fail();
    const start = at++;
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    if (at >= text.length) fail();
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  /** Scans one value; returns the span at the path's end below it, if any. */
  const value = (rest: readonly (string | number)[]): TextSpan | null => {
    space();
    const start = at;
    const char = text[at];
    let found: TextSpan | null = null;
    if (char === '{') {
      at++;
      space();
      while (text[at] !== '}') {
        space();
        const key = string();
        space();
        if (text[at++] !== ':') fail();
        const inner = value(rest[0] === key ? rest.slice(1) : [NaN]);
        if (rest[0] === key) found = inner;
        space();
        if (text[at] === ',') at++;
        else if (text[at] !== '}') fail();
      }
      at++;
    } else if (char === '[') {
      at++;
      space();
      let index = 0;
      while (text[at] !== ']') {
        const inner = value(rest[0] === index ? rest.slice(1) : [NaN]);
        if (rest[0] === index) found = inner;
        index++;
        space();
        if (text[at] === ',') at++;
        else if (text[at] !== ']') fail();
        space();
      }
      at++;
    } else if (char === '"') {
      string();
    } else {
      const match = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(at));
      if (!match) fail();
      at += match![0].length;
    }
    if (rest.length === 0) return { start, end: at };
    // NaN marks "not on the path": nothing below it is wanted.
    if (typeof rest[0] === 'number' && Number.isNaN(rest[0])) return null;
    return found ?? { start, end: at };
  };
  try {
    return value(path);
  } catch {
    return null;
  }
}

/** 1-based line of an offset, for "line 12" beside a message. */
export const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;
