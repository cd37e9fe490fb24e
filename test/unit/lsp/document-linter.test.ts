// The server's linter stays responsive on a large file: it works in slices, lets queued work run between
// them, gives way when a newer version arrives, and keeps what it analysed for the next lint.
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { manyDeployments } from '../../../bench/corpus';
import { DocumentLinter } from '../../../server/src/lsp/document-linter';
import { ProjectConfigs } from '../../../server/src/lsp/project-config';
import { SettingsCache } from '../../../server/src/lsp/settings';

const uri = 'file:///virtual/big.yaml';
const big = TextDocument.create(uri, 'yaml', 1, manyDeployments(300));

function linter(isCurrent: (uri: string, version: number) => boolean, errors: string[] = []): DocumentLinter {
  return new DocumentLinter({ settings: new SettingsCache(undefined), projects: new ProjectConfigs(() => {}), logError: (m) => errors.push(m), isOpen: () => true, isCurrent });
}

describe('DocumentLinter on a large file', () => {
  it('lets other work run while it lints (it yields between slices)', async () => {
    let turns = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const linted = await linter(() => true).lint(big, true);
    done = true;
    assert.ok(linted && linted.diagnostics.length > 300, 'the whole file was linted');
    assert.ok(turns >= 3, `other callbacks ran ${turns} times during the lint`);
  });

  it('gives way to a newer version and keeps what it analysed', async () => {
    let current = true;
    const subject = linter(() => current);
    const pending = subject.lint(big, true);
    setImmediate(() => (current = false));
    assert.equal(await pending, undefined, 'a superseded lint publishes nothing');
    const partial = subject.cachedDocuments(uri);
    assert.ok(partial > 0 && partial < 300, `${partial} of 300 documents analysed before giving way`);
    current = true;
    const linted = await subject.lint(big, true);
    assert.ok(linted);
    assert.equal(subject.cachedDocuments(uri), 300);
  });

  it('without yieldToNewer (code actions) it always finishes', async () => {
    const linted = await linter(() => false).lint(big);
    assert.ok(linted && linted.findings.length > 300);
  });
});
