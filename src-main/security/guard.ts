import { homedir } from 'node:os';
import { posix } from 'node:path';
import type { EventDraft, Severity } from '../../src-shared/models';
import { findMatches, type MatchContext } from './guard-match';
import { ALLOWED_WRITE_ROOTS, GUARD_RULES, policyOf, type GuardPolicy, type PolicyMap } from './guard-rules';
import { parseSubjects, rawSubjectsOf, type RawSubjects } from './guard-subjects';

export interface GuardContext {
  /** The worker's worktree: relative paths start here, and writes below it are the worker's own. */
  worktree: string;
  /** For `~` and `$HOME`; the user's home by default. */
  home?: string;
  /** More places a worker may write (the OS temp folder, $TMPDIR), on top of /tmp. */
  allowedRoots?: readonly string[];
}

export interface GuardHit {
  ruleId: string;
  policy: GuardPolicy;
  severity: Severity;
  message: string;
  /** The command or path as the agent wrote it (clipped). */
  evidence: string;
  /** From a worker's guard: how many times this rule hit this same command or path, this time included. */
  count?: number;
}

/** The rule id of a hit that reports a failure of the guard itself (policy `log` unless configured). */
export const GUARD_ERROR = 'guard-error';

const MAX_EVIDENCE = 300;
const POLICY_RANK: Record<GuardPolicy, number> = { stop: 0, pause: 1, log: 2 };

const clip = (text: string): string =>
  text.length > MAX_EVIDENCE ? `${text.slice(0, MAX_EVIDENCE - 1)}…` : text;

interface KeyedHit {
  hit: GuardHit;
  /** The fact behind the hit, so the stateful guard can tell a repeat. */
  key: string;
}

const matchContext = (context: GuardContext): MatchContext => ({
  worktree: posix.resolve(context.worktree),
  home: context.home ?? homedir(),
  allowedRoots: [...ALLOWED_WRITE_ROOTS, ...(context.allowedRoots ?? [])],
});

/** Verdicts a guard remembers, per distinct command/paths; a key longer than MEMO_KEY is not remembered. */
const MEMO_SIZE = 512;
const MEMO_KEY = 4096;

/**
 * The hits of one event. With a memo (one guard, one context), the verdict of a command or write seen
 * before is reused: agents run the same few commands over and over, and reading a script as shell is the
 * guard's whole cost.
 */
function collect(
  event: EventDraft,
  context: GuardContext,
  policies: PolicyMap,
  match: MatchContext | null = null,
  memo: Map<string, KeyedHit[]> | null = null,
): KeyedHit[] {
  try {
    match ??= matchContext(context);
    const raw = rawSubjectsOf(event, match.worktree);
    if (raw.scripts.length === 0 && raw.writes.length === 0) return [];
    if (!memo) return hitsOf(raw, match, policies);
    const key = `${raw.scripts.join('\0')}\u0001${raw.writes.map((w) => `${w.path}\0${w.evidence}`).join('\0')}`;
    if (key.length > MEMO_KEY) return hitsOf(raw, match, policies);
    let hits = memo.get(key);
    if (hits === undefined) {
      hits = hitsOf(raw, match, policies);
      if (memo.size >= MEMO_SIZE) memo.clear();
      memo.set(key, hits);
    }
    return hits;
  } catch (error) {
    return [guardError(error, policies)];
  }
}

function hitsOf(raw: RawSubjects, match: MatchContext, policies: PolicyMap): KeyedHit[] {
  const subjects = parseSubjects(raw, match.worktree, match.home);
  const hits: KeyedHit[] = [];
  for (const rule of GUARD_RULES) {
    for (const found of findMatches(rule.match, subjects, match)) {
      const hit: GuardHit = {
        ruleId: rule.id,
        policy: policyOf(rule, policies),
        severity: rule.severity,
        message: `${rule.description}: ${clip(found.detail)}`,
        evidence: clip(found.evidence),
      };
      hits.push({ hit, key: `${rule.id}\n${found.key}` });
    }
  }
  return hits.sort((a, b) => POLICY_RANK[a.hit.policy] - POLICY_RANK[b.hit.policy]);
}

/** A guard bug must neither crash the worker nor pass silently: it is audited, by default without pausing. */
function guardError(error: unknown, policies: PolicyMap): KeyedHit {
  const hit: GuardHit = {
    ruleId: GUARD_ERROR,
    policy: policies[GUARD_ERROR] ?? 'log',
    severity: 'low',
    message: `the guard could not read this event: ${clip(String(error))}`,
    evidence: '',
  };
  return { hit, key: `${GUARD_ERROR}\n${hit.message}` };
}

/** Every rule an event breaks, most drastic policy first. Never throws. */
export function inspectAll(event: EventDraft, context: GuardContext, policies: PolicyMap = {}): GuardHit[] {
  return collect(event, context, policies).map((keyed) => keyed.hit);
}

/** The one hit that decides what happens to the worker (the most drastic), or null. */
export function inspect(event: EventDraft, context: GuardContext, policies: PolicyMap = {}): GuardHit | null {
  return collect(event, context, policies)[0]?.hit ?? null;
}

export interface Guard {
  /** The most drastic hit of the event (see inspectEvery), or null. */
  inspect(event: EventDraft): GuardHit | null;
  /** Every hit of every rule, most drastic first, each with how many times it was seen. */
  inspectEvery(event: EventDraft): GuardHit[];
}

/** Hits of tool calls whose second report (the started command, the file change) is still to come. */
const MAX_ECHOES = 256;
/** Distinct facts counted per worker; past this the counts start again rather than grow without end. */
const MAX_COUNTED = 4096;

/**
 * One per worker. Each parser reports a command twice (tool_use, then `command` started, from the same line)
 * and a write twice (tool_use, then file_change): the second report of a tool call is not a new hit. A
 * tool_use expects its echo; a command or file change that matches a pending echo is that echo and is not
 * reported again. Anything else is reported, repeats included — the same `curl | sh` in a second tool call
 * is a second hit, with its count.
 */
export function createGuard(context: GuardContext, policies: PolicyMap = {}): Guard {
  const match = matchContext(context);
  const memo = new Map<string, KeyedHit[]>();
  const echoes = new Map<string, number>();
  const counts = new Map<string, number>();
  const inspectEvery = (event: EventDraft): GuardHit[] => {
    const out: GuardHit[] = [];
    for (const { hit, key } of collect(event, context, policies, match, memo)) {
      const pending = echoes.get(key) ?? 0;
      if (event.type === 'tool_use') {
        echoes.delete(key);
        echoes.set(key, pending + 1);
        if (echoes.size > MAX_ECHOES) echoes.delete(echoes.keys().next().value as string);
      } else if (pending > 0) {
        if (pending === 1) echoes.delete(key);
        else echoes.set(key, pending - 1);
        continue;
      }
      if (counts.size >= MAX_COUNTED && !counts.has(key)) counts.clear();
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      out.push({ ...hit, count });
    }
    return out;
  };
  return { inspectEvery, inspect: (event) => inspectEvery(event)[0] ?? null };
}
