// `shipshape lint --format sarif`: valid SARIF 2.1.0 (checked against the schema), every rule described,
// results located relative to %SRCROOT% with exact regions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import { ALL_RULES, ruleDocUrl } from '../../server/src/engine/index';
import { FIXTURES, REPO_ROOT, assertBuilt, runCli } from '../fixtures/cli/run-cli';

const SCHEMA_PATH = join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }>;
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri: string;
        rules: Array<{ id: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }>;
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: string;
    results: SarifResult[];
  }>;
}

function compileSchema(): ValidateFunction {
  // The schema's language-tag pattern is not valid with the `u` flag; its formats are checked here by URL.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
}

function sarif(args: string[], cwd = FIXTURES): { status: number | null; log: SarifLog } {
  const run = runCli(['lint', '--format', 'sarif', ...args], { cwd });
  assert.ok(run.stdout.startsWith('{'), `expected SARIF, got stdout ${JSON.stringify(run.stdout)} stderr ${JSON.stringify(run.stderr)}`);
  return { status: run.status, log: JSON.parse(run.stdout) as SarifLog };
}

describe('cli: SARIF output', () => {
  let validate: ValidateFunction;
  before(() => {
    assertBuilt();
    validate = compileSchema();
  });

  const assertValid = (log: unknown) => assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

  it('is valid SARIF 2.1.0, with findings and without', () => {
    const withFindings = sarif(['basic']);
    assert.equal(withFindings.status, 1);
    assert.ok(withFindings.log.runs[0]!.results.length > 0);
    assertValid(withFindings.log);

    const clean = sarif(['clean']);
    assert.equal(clean.status, 0);
    assert.deepEqual(clean.log.runs[0]!.results, []);
    assertValid(clean.log);
  });

  it('the schema check can fail', () => {
    const { log } = sarif(['basic']);
    log.runs[0]!.results[0]!.level = 'fatal';
    assert.equal(validate(log), false);
  });

  it('describes the tool and every rule', () => {
    const { log } = sarif(['basic']);
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0]!;
    assert.equal(run.tool.driver.name, 'shipshape');
    assert.equal(run.tool.driver.version, VERSION);
    assert.match(run.tool.driver.informationUri, /^https:\/\//);
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(run.originalUriBaseIds['%SRCROOT%']!.uri, `${pathToFileURL(FIXTURES).href}/`);
    const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
    assert.deepEqual(
      run.tool.driver.rules,
      ALL_RULES.map((rule) => ({
        id: rule.id,
        shortDescription: { text: rule.description },
        helpUri: ruleDocUrl(rule.id),
        defaultConfiguration: { level: level[rule.defaultSeverity] },
      })),
    );
  });

  it('locates a known finding exactly, relative to %SRCROOT%', () => {
    const { log } = sarif(['basic']);
    const run = log.runs[0]!;
    const latest = run.results.find((r) => r.ruleId === 'image-latest-tag');
    assert.ok(latest);
    assert.equal(run.tool.driver.rules[latest.ruleIndex]!.id, 'image-latest-tag');
    assert.equal(latest.level, 'warning');
    assert.match(latest.message.text, /nginx:latest/);
    assert.deepEqual(latest.locations, [
      {
        physicalLocation: {
          artifactLocation: { uri: 'basic/pod.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 7, startColumn: 37, endLine: 7, endColumn: 51 },
        },
      },
    ]);
    // information and hint become note.
    assert.equal(run.results.find((r) => r.ruleId === 'probe-liveness-missing')?.level, 'note');
    for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex]!.id, result.ruleId);
  });

  it('uses an absolute file URL for a file outside the working directory', () => {
    const { log } = sarif(['../basic/pod.yaml'], join(FIXTURES, 'clean'));
    assertValid(log);
    const uris = new Set(log.runs[0]!.results.map((r) => JSON.stringify(r.locations[0]!.physicalLocation.artifactLocation)));
    assert.deepEqual([...uris], [JSON.stringify({ uri: pathToFileURL(join(FIXTURES, 'basic', 'pod.yaml')).href })]);
  });
});
