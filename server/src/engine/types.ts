// The engine's vocabulary. Ranges are UTF-16 offsets into the text; lines and columns are computed
// once, at the edges (lsp/, the CLI formatter).

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** What a user may set per rule: a severity, `off`, or `default` (the rule's own severity). */
export type RuleSetting = Severity | 'off' | 'default';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one fix an editor may apply on "fix all" / as the preferred quick fix. */
  preferred?: boolean;
}

/** 0-based lines and UTF-16 characters of a finding's start and end, as editors count them. */
export interface LineRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  /** Set by lint(): computed per YAML document and cached with it, so editors need not scan the whole text. */
  lines?: LineRange;
  /** Computed on demand: code actions need them, publishing diagnostics does not. */
  fixes?: () => Fix[];
}

export const DOCS_BASE_URL = 'https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/';

export function ruleDocUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
