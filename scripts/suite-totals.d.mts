export type Suite = 'vitest' | 'e2e' | 'contract';

export const FLOORS: Record<Suite, number>;

export interface SuiteCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export class SuiteTotals {
  constructor(floors?: Partial<Record<string, number>>);
  passed: number;
  failed: number;
  skipped: number;
  lines: string[];
  check(label: string, ok: boolean): void;
  suite(name: string, counts: SuiteCounts): void;
  broken(line: string): void;
  closing(): string;
}
