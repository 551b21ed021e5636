// @ts-check
// Why this exists: every demo really edits its worktree, names its files from the task, and never writes outside it.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';

/** Words that say nothing about what a file is for ("add a file for the …"). */
export const STOP_WORDS = new Set(
  'a an the add create write make file new to for of and in on with please update implement into our this that'.split(
    ' ',
  ),
);

/** The lower-case words of a text, in order. @param {string} text */
export const words = (text) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** The first `count` words of a task that are not stop words: the stem of a file name. @param {string} task @param {number} count @param {Set<string>} [stop] */
export const keywords = (task, count, stop = STOP_WORDS) =>
  words(task)
    .filter((w) => !stop.has(w))
    .slice(0, count);

/** Absolute path of `rel` inside root; refuses anything that would leave it. @param {string} root @param {string} rel */
export function inside(root, rel) {
  const path = resolve(root, rel);
  if (path !== root && !path.startsWith(root + sep))
    throw new Error(`refusing to write outside ${root}: ${rel}`);
  return path;
}

/** Writes `rel` inside root, creating its folders. @param {string} root @param {string} rel @param {string} content */
export function writeInside(root, rel, content) {
  const path = inside(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** The names at the top of the worktree that are not hidden, sorted. @param {string} root */
export const visibleFiles = (root) =>
  readdirSync(root)
    .filter((f) => !f.startsWith('.'))
    .sort();

/**
 * The file a review finding points at: the first of `preferred`, then of the visible files, that is a regular
 * file; README.md when there is none.
 * @param {string} root @param {string[]} [preferred]
 */
export function reviewedFile(root, preferred = []) {
  const isFile = (/** @type {string} */ name) => {
    const path = inside(root, name);
    return existsSync(path) && statSync(path).isFile();
  };
  return [...preferred, ...visibleFiles(root)].find(isFile) ?? 'README.md';
}
