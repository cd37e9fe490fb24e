// Findings as the CLI reports them: offsets turned into 1-based lines and UTF-16 columns (end exclusive),
// with the file they belong to. The formatters take these.
import { SEVERITIES, lineIndexOf, lineStarts, type Finding, type Severity } from '../engine/index';

export interface LocatedFinding {
  /** The file as shown: the command-line path joined with the found relative path, '/' separated. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  /** The column just after the last character, as ESLint reports it. */
  endColumn: number;
  ruleId: string;
  severity: Severity;
  message: string;
}

export function locateFindings(file: string, text: string, findings: readonly Finding[]): LocatedFinding[] {
  const starts = lineStarts(text);
  const position = (offset: number): [number, number] => {
    const line = lineIndexOf(starts, offset);
    return [line + 1, offset - (starts[line] ?? 0) + 1];
  };
  return findings.map((finding) => {
    const [line, column] = position(finding.start);
    const [endLine, endColumn] = position(finding.end);
    return { file, line, column, endLine, endColumn, ruleId: finding.ruleId, severity: finding.severity, message: finding.message };
  });
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** By file, then position, then rule id: the one order every format uses. */
export function compareFindings(a: LocatedFinding, b: LocatedFinding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message)
  );
}

/** Whether `severity` is at least as severe as `threshold` (error > warning > information > hint). */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

export function countBySeverity(findings: readonly LocatedFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
