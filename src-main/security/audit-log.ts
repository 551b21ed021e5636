import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { AppendFile } from '../store/append-file';
import type { GuardHit } from './guard';
import type { GuardPolicy } from './guard-rules';
import type { Redactor } from './redact';

/** One line of `<sessionFolder>/audit.jsonl`. */
export interface AuditEntry {
  ts: string;
  sessionId: string;
  workerId: string;
  ruleId: string;
  policy: GuardPolicy;
  evidence: string;
  /** How many times this rule hit this same command or path in the worker, this time included. */
  count?: number;
}

export const AUDIT_FILE = 'audit.jsonl';

/**
 * The session's record of every guard hit, whatever its policy: the trail a person reads after the fact.
 * User-only like the rest of the session folder, because evidence quotes commands the agents ran; evidence
 * passes through the redactor first, since a command line can carry a token.
 */
export class AuditLog {
  private readonly file: AppendFile;

  constructor(
    sessionFolder: string,
    private readonly redact: Redactor = (text) => text,
  ) {
    const path = join(sessionFolder, AUDIT_FILE);
    this.file = new AppendFile(path, 0o600);
    // The mode of open(2) applies only to a new file; one left by an older run is tightened too.
    chmodSync(path, 0o600);
  }

  get path(): string {
    return this.file.path;
  }

  record(sessionId: string, workerId: string, hit: GuardHit, now: Date = new Date()): AuditEntry {
    const entry: AuditEntry = {
      ts: now.toISOString(),
      sessionId,
      workerId,
      ruleId: hit.ruleId,
      policy: hit.policy,
      evidence: this.redact(hit.evidence),
      ...(hit.count !== undefined ? { count: hit.count } : {}),
    };
    this.file.appendLine(JSON.stringify(entry));
    return entry;
  }

  flush(): void {
    this.file.flush();
  }

  close(): void {
    this.file.close();
  }
}
