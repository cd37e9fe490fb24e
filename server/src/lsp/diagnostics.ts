// Finding → Diagnostic. Code actions find the finding again by rule id (the code) and range, so the
// diagnostic carries no `data`: publishes of large files stay small.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME, ruleDocUrl, type Finding, type Severity } from '../engine/index';

export const DIAGNOSTIC_SOURCE = 'shipshape';
/** The `code` of the one diagnostic that reports problems in `.shipshape.yaml` itself (not a rule). */
export const CONFIG_PROBLEM_CODE = 'config-problem';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(doc: TextDocument, finding: Finding): Diagnostic {
  const lines = finding.lines;
  return {
    // lint() gives lines and characters; converting offsets would scan the whole text on every keystroke.
    range: lines
      ? { start: { line: lines.startLine, character: lines.startCharacter }, end: { line: lines.endLine, character: lines.endCharacter } }
      : { start: doc.positionAt(finding.start), end: doc.positionAt(finding.end) },
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocUrl(finding.ruleId) },
    message: finding.message,
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
