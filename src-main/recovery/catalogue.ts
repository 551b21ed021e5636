import type { StreamFormat } from '../../src-shared/models';
import { CLAUDE_ENTRIES } from './entries/claude';
import { CODEX_ENTRIES } from './entries/codex';
import { COMMON_ENTRIES } from './entries/common';
import { GEMINI_ENTRIES } from './entries/gemini';
import type { CatalogueEntry } from './types';

/**
 * The known failures of the real CLIs, as data. Order is specificity: classification takes the first entry
 * that matches, so a precise signature comes before the generic ones (common entries last).
 */
export const CATALOGUE: readonly CatalogueEntry[] = [
  ...CLAUDE_ENTRIES,
  ...CODEX_ENTRIES,
  ...GEMINI_ENTRIES,
  ...COMMON_ENTRIES,
];

const BY_ID = new Map(CATALOGUE.map((entry) => [entry.id, entry]));

export const entryById = (id: string): CatalogueEntry | undefined => BY_ID.get(id);

/** The entries that apply to one CLI family, in catalogue order. */
export const entriesFor = (format: StreamFormat): CatalogueEntry[] =>
  CATALOGUE.filter((entry) => entry.formats === 'any' || entry.formats.includes(format));
