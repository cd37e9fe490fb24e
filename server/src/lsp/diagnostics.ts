// Finding → Diagnostic. Offsets become positions here, once. `data` carries what code actions need
// to find the finding again: the rule id, its offsets and the document version they belong to.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME, ruleDocUrl, type Finding, type Severity } from '../engine/index';

export const DIAGNOSTIC_SOURCE = 'shipshape';
/** The `code` of the one diagnostic that reports problems in `.shipshape.yaml` itself (not a rule). */
export const CONFIG_PROBLEM_CODE = 'config-problem';

export interface DiagnosticData {
  ruleId: string;
  start: number;
  end: number;
  version: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(doc: TextDocument, finding: Finding): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, start: finding.start, end: finding.end, version: doc.version };
  return {
    range: { start: doc.positionAt(finding.start), end: doc.positionAt(finding.end) },
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocUrl(finding.ruleId) },
    message: finding.message,
    data,
  };
}

/** One warning on the first line of `.shipshape.yaml`, listing what is wrong with it. */
export function configProblemsDiagnostic(doc: TextDocument, problems: readonly string[]): Diagnostic {
  const firstLineEnd = doc.getText().search(/\r?\n|$/);
  return {
    range: { start: doc.positionAt(0), end: doc.positionAt(firstLineEnd) },
    severity: DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: CONFIG_PROBLEM_CODE,
    message: `${CONFIG_FILE_NAME} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`} (the rest of it still applies):\n${problems.map((p) => `- ${p}`).join('\n')}`,
  };
}

/** The `data` of a diagnostic this server published, or undefined when it is missing or malformed. */
export function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  const data: unknown = diagnostic.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const { ruleId, start, end, version } = data as Record<string, unknown>;
  if (typeof ruleId !== 'string' || typeof start !== 'number' || typeof end !== 'number' || typeof version !== 'number') return undefined;
  return { ruleId, start, end, version };
}
