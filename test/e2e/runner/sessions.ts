// The VS Code sessions one e2e run starts, in order. Each opens a fresh copy of a fixture workspace
// (test/fixtures/e2e/<fixture>) in its own code-server, runs suites inside the extension host
// (test/e2e/suite/<name>.test.ts) and/or Playwright checks on the workbench.
import { WORKBENCH_CHECKS, UNTRUSTED_CHECKS, type UiCheck } from './ui-checks';

export interface Session {
  name: string;
  fixture: string;
  /** false: Workspace Trust applies and the folder opens in Restricted Mode. */
  trusted: boolean;
  /** `development`: the working tree (dist/ as built); `vsix`: what `vsce package` produced, installed. */
  extension: 'development' | 'vsix';
  suites?: string[];
  /** Run on the workbench while the suites run (or alone, without suites). */
  checks?: UiCheck[];
}

export const SESSIONS: Session[] = [
  { name: 'editor', fixture: 'editor', trusted: true, extension: 'development', suites: ['diagnostics', 'quick-fixes', 'settings'] },
  { name: 'pinning (installed .vsix)', fixture: 'pinning', trusted: true, extension: 'vsix', suites: ['pin'] },
  { name: 'live hover', fixture: 'live', trusted: true, extension: 'development', suites: ['live-hover'] },
  { name: 'untrusted workspace', fixture: 'pinning', trusted: false, extension: 'development', suites: ['untrusted'], checks: UNTRUSTED_CHECKS },
  { name: 'workbench UI (installed .vsix)', fixture: 'web', trusted: true, extension: 'vsix', checks: WORKBENCH_CHECKS },
];
