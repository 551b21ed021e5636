import { readFileSync } from 'node:fs';
import { fixtureStdoutFiles, splitLines, type CliName } from '../cli-fixtures';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Corpus {
  /** Every distinct recorded stdout line of the CLI. */
  lines: string[];
  /** The recorded files, each as its lines: mutating a whole run keeps the parser's state machine busy. */
  files: string[][];
  /** The lines that are JSON objects, parsed. */
  objects: { [key: string]: Json }[];
  /** Every string value of a `type` or `subtype` key anywhere in the recordings. */
  typeNames: string[];
}

function collectTypes(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectTypes(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if ((key === 'type' || key === 'subtype') && typeof item === 'string') into.add(item);
      collectTypes(item, into);
    }
  }
}

/** The real recorded output the fuzzers start from (test/fixtures/cli/<cli>). */
export function loadCorpus(cli: CliName): Corpus {
  const files = fixtureStdoutFiles(cli).map((file) => splitLines(readFileSync(file, 'utf8')));
  const lines = [...new Set(files.flat())];
  const objects: { [key: string]: Json }[] = [];
  const types = new Set<string>();
  for (const line of lines) {
    try {
      const value = JSON.parse(line) as Json;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        objects.push(value);
        collectTypes(value, types);
      }
    } catch {
      // Plain-text lines stay in `lines` only.
    }
  }
  return { lines, files: files.filter((f) => f.length > 0), objects, typeNames: [...types].sort() };
}
