// The machine format: one flat array of findings, in the shared file-then-position order.
import type { LocatedFinding } from './report';

export function formatJson(findings: readonly LocatedFinding[]): string {
  // Listed field by field so that nothing internal ever leaks into the output.
  const rows = findings.map(({ file, line, column, endLine, endColumn, ruleId, severity, message }) => ({
    file,
    line,
    column,
    endLine,
    endColumn,
    ruleId,
    severity,
    message,
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}
