export { AUDIT_FILE, AuditLog, type AuditEntry } from './audit-log';
export { denyRulesFor } from './deny-rules';
export {
  createGuard,
  GUARD_ERROR,
  inspect,
  inspectAll,
  type Guard,
  type GuardContext,
  type GuardHit,
} from './guard';
export {
  DEFAULT_POLICY,
  GUARD_RULES,
  policyOf,
  type GuardPolicy,
  type GuardRule,
  type PolicyMap,
  type RuleKind,
} from './guard-rules';
export { capLine, DEFAULT_MAX_LINE_CHARS, type CappedLine } from './line-cap';
export {
  createRedactor,
  MIN_SECRET_LENGTH,
  REDACTED,
  redactEvent,
  redactValue,
  secretsFromEnv,
  type Redactor,
} from './redact';
