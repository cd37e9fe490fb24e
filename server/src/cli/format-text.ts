// The terminal format, after ESLint's "stylish": findings grouped under their file in aligned columns,
// then a one-line summary. No findings, no output.
import type { Severity } from '../engine/index';
import { countBySeverity, type LocatedFinding } from './report';

export interface TextOptions {
  color: boolean;
}

const SEVERITY_COLOR: Record<Severity, string> = { error: '31', warning: '33', information: '34', hint: '90' };

export function formatText(findings: readonly LocatedFinding[], options: TextOptions): string {
  if (findings.length === 0) return '';
  const paint = options.color ? (code: string, text: string) => `\u001b[${code}m${text}\u001b[0m` : (_code: string, text: string) => text;

  let output = '';
  for (const group of groupByFile(findings)) {
    const rows = group.map((f) => ({ position: `${f.line}:${f.column}`, severity: f.severity, message: oneLine(f.message), ruleId: f.ruleId }));
    const width = (pick: (row: (typeof rows)[number]) => string) => Math.max(...rows.map((row) => pick(row).length));
    const positionWidth = width((r) => r.position);
    const severityWidth = width((r) => r.severity);
    const messageWidth = width((r) => r.message);
    output += `\n${paint('4', group[0]!.file)}\n`;
    for (const row of rows) {
      // Pad before painting, so escape codes do not count towards the column widths.
      const position = paint('2', row.position.padEnd(positionWidth));
      const severity = paint(SEVERITY_COLOR[row.severity], row.severity.padEnd(severityWidth));
      output += `  ${position}  ${severity}  ${row.message.padEnd(messageWidth)}  ${paint('2', row.ruleId)}\n`;
    }
  }

  const counts = countBySeverity(findings);
  const worst = counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : counts.information > 0 ? 'information' : 'hint';
  const summary =
    `✖ ${plural(findings.length, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ` +
    `${plural(counts.information, 'info')}, ${plural(counts.hint, 'hint')})`;
  return `${output}\n${paint(`1;${SEVERITY_COLOR[worst]}`, summary)}\n`;
}

function groupByFile(findings: readonly LocatedFinding[]): LocatedFinding[][] {
  const groups = new Map<string, LocatedFinding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.file);
    if (group) group.push(finding);
    else groups.set(finding.file, [finding]);
  }
  return [...groups.values()];
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A YAML parser message may span lines; a table row must not. */
function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ');
}
