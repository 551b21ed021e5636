import type { EventDraft, StreamFormat } from '../../src-shared/models';
import { entriesFor } from './catalogue';
import { evidenceOf } from './match';
import { viewOf } from './run-view';
import type { CatalogueEntry, Evidence, KnownError, Match, RunObservation, RunView } from './types';

const alternatives = (entry: CatalogueEntry): readonly Match[] =>
  Array.isArray(entry.match) ? entry.match : [entry.match as Match];

function known(entry: CatalogueEntry, evidence: Evidence, run: RunView): KnownError | null {
  const extra = entry.extract ? entry.extract(evidence, run) : {};
  if (extra === null) return null;
  return {
    id: entry.id,
    errorClass: entry.errorClass,
    message: evidence.message,
    facts: { ...evidence.facts, ...extra },
  };
}

/** How much evidence an entry needs: one hit after the run; while it runs, the entry's threshold. */
interface Need {
  minHits: number;
  /** While running, the latest hit is the freshest evidence. */
  latest: boolean;
}

const AFTER_RUN: Need = { minHits: 1, latest: false };

/** The first alternative with enough evidence. */
function matchEntry(entry: CatalogueEntry, run: RunView, need: Need): KnownError | null {
  for (const match of alternatives(entry)) {
    const hits = evidenceOf(match, run);
    if (hits.length === 0 || hits.length < need.minHits) continue;
    const hit = match.pick === 'last' || need.latest ? hits.at(-1) : hits[0];
    const found = hit ? known(entry, hit, run) : null;
    if (found) return found;
  }
  return null;
}

/** A broken entry must not hide the others: it just does not match. */
function tryMatch(entry: CatalogueEntry, run: RunView, need: Need): KnownError | null {
  try {
    return matchEntry(entry, run, need);
  } catch {
    return null;
  }
}

/**
 * The known failure behind a finished run, or null when the run succeeded and no tool was refused along
 * the way. Retries the CLI recovered from by itself (claude/mock_badsse) are not failures. Never throws.
 */
export function classify(obs: RunObservation): KnownError | null {
  try {
    const run = viewOf(obs);
    for (const entry of entriesFor(obs.format)) {
      if (run.succeeded && !entry.alsoOnSuccess) continue;
      const found = tryMatch(entry, run, AFTER_RUN);
      if (found) return found;
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * A failure the CLI will not end by itself, judged while it still runs: the supervisor kills the run when
 * this returns non-null, then plans recovery for it as for any other. Never throws.
 */
export function classifyLive(
  format: StreamFormat,
  stderrLines: readonly string[],
  events: readonly EventDraft[],
): KnownError | null {
  try {
    const run = viewOf({
      agent: '',
      format,
      args: [],
      cwd: '',
      exitCode: null,
      signal: null,
      stderr: stderrLines,
      events,
      isRoot: false,
    });
    for (const entry of entriesFor(format)) {
      if (!entry.live) continue;
      const found = tryMatch(entry, run, { minHits: entry.liveThreshold ?? 1, latest: true });
      if (found) return found;
    }
    return null;
  } catch {
    return null;
  }
}
