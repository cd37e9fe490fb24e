// Every rule is complete: its file, doc page (with the fixed headings), table test, index entry,
// setting in package.json and row in the README's rules table. A rule missing any of them fails here.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../server/src/engine/index';

const root = join(__dirname, '..', '..');
const read = (...p: string[]) => readFileSync(join(root, ...p), 'utf8');
const DOC_HEADINGS = ['## What it finds', '## Why it matters', '## How to fix', '## How to suppress'];

describe('rule completeness', () => {
  const ids = ALL_RULES.map((r) => r.id);
  const manifest = JSON.parse(read('package.json')) as {
    contributes?: { configuration?: { properties?: Record<string, { enum?: string[]; default?: unknown; markdownDescription?: string; description?: string }> } };
  };
  const settings = manifest.contributes?.configuration?.properties ?? {};
  const readme = read('README.md');

  it('the index is sorted, kebab-case and without duplicates', () => {
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z]+(-[a-z0-9]+)+$/);
  });

  it('every rule file is in the index', () => {
    const files = readdirSync(join(root, 'server/src/engine/rules')).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    assert.deepEqual(files.map((f) => f.slice(0, -3)).sort(), [...ids].sort());
  });

  it('every doc page belongs to a rule', () => {
    const pages = readdirSync(join(root, 'docs/rules')).filter((f) => f.endsWith('.md'));
    assert.deepEqual(pages.map((f) => f.slice(0, -3)).sort(), [...ids].sort());
  });

  for (const rule of ALL_RULES) {
    describe(rule.id, () => {
      it('has a doc page with the fixed headings and its severity', () => {
        const path = join('docs/rules', `${rule.id}.md`);
        assert.ok(existsSync(join(root, path)), `missing ${path}`);
        const doc = read(path);
        assert.ok(doc.startsWith(`# ${rule.id}\n`), `${path} must start with "# ${rule.id}"`);
        assert.match(doc, new RegExp(`\\*\\*Default severity:\\*\\* ${rule.defaultSeverity}\\b`), `${path} must state severity ${rule.defaultSeverity}`);
        for (const heading of DOC_HEADINGS) assert.ok(doc.includes(`\n${heading}\n`), `${path} lacks "${heading}"`);
      });
      it('has a table test', () => {
        const path = join('test/unit/rules', `${rule.id}.test.ts`);
        assert.ok(existsSync(join(root, path)), `missing ${path}`);
        assert.ok(read(path).includes(`ruleTester('${rule.id}'`), `${path} must call ruleTester('${rule.id}', …)`);
      });
      it('has a setting in package.json', () => {
        const setting = settings[`shipshape.rules.${rule.id}`];
        assert.ok(setting, `package.json lacks contributes.configuration.properties["shipshape.rules.${rule.id}"]`);
        assert.deepEqual(setting.enum, ['default', 'error', 'warning', 'information', 'hint', 'off']);
        assert.equal(setting.default, 'default');
        assert.ok((setting.markdownDescription ?? setting.description ?? '').length > 20, 'the setting needs a description');
      });
      it('has a row in the README rules table', () => {
        assert.ok(readme.includes(`[\`${rule.id}\`](docs/rules/${rule.id}.md)`), `README lacks a row linking docs/rules/${rule.id}.md`);
      });
    });
  }
});
