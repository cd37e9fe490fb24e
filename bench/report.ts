// One measured value with its budget, the table printed at the end and the JSON written beside it.

export type Unit = 'ms' | 'MB' | 'KB' | '×';

export interface Budget {
  /** PASS when the value is below this (or equal, with `inclusive`). */
  max: number;
  inclusive?: boolean;
}

export interface Measurement {
  /** Section letter of the issue: a, b, c, d, e. */
  section: string;
  label: string;
  /** undefined: the measurement could not be taken (see the run's errors). */
  value: number | undefined;
  unit: Unit;
  budget?: Budget;
  note?: string;
}

export type Verdict = 'PASS' | 'MISS' | 'n/a' | '';

export function verdictOf(m: Measurement): Verdict {
  if (m.value === undefined) return 'n/a';
  if (!m.budget) return '';
  return m.value < m.budget.max || (m.budget.inclusive === true && m.value === m.budget.max) ? 'PASS' : 'MISS';
}

/** Bytes as decimal megabytes (10^6): budgets in MB are read this way, the stricter reading. */
export const toMB = (bytes: number) => bytes / 1e6;

function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined) return '—';
  const digits = unit === '×' ? 2 : unit === 'MB' ? 2 : value < 10 ? 1 : 0;
  return unit === '×' ? `${value.toFixed(digits)}×` : `${value.toFixed(digits)} ${unit}`;
}

function formatBudget(budget: Budget | undefined, unit: Unit): string {
  if (!budget) return '';
  const number = unit === '×' ? `${budget.max}×` : `${budget.max} ${unit}`;
  return `${budget.inclusive ? '<=' : '<'} ${number}`;
}

export function formatTable(measurements: readonly Measurement[]): string {
  const rows = measurements.map((m) => [`(${m.section}) ${m.label}`, formatValue(m.value, m.unit), formatBudget(m.budget, m.unit), verdictOf(m), m.note ?? '']);
  const header = ['measurement', 'value', 'budget', '', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
