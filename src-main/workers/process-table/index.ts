import { procTable } from './proc-table';
import { psTable } from './ps-table';
import type { ProcessTable, ProcessTableKind } from './types';

export { isLive, type ProcessEntry, type ProcessTable, type ProcessTableKind } from './types';

/** Selects the process table: `proc` or `ps`; by default /proc on Linux and ps everywhere else. */
export const PROCESS_TABLE_ENV = 'ORCHESTRATOR_PROCESS_TABLE';

const TABLES: Record<ProcessTableKind, ProcessTable> = { proc: procTable, ps: psTable };

/** The process table of this platform, or the one ORCHESTRATOR_PROCESS_TABLE names (tests run both). */
export function processTable(): ProcessTable {
  const chosen = process.env[PROCESS_TABLE_ENV];
  if (chosen === 'proc' || chosen === 'ps') return TABLES[chosen];
  return process.platform === 'linux' ? procTable : psTable;
}
