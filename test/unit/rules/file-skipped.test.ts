import assert from 'node:assert/strict';
import { lint } from '../../../server/src/engine/index';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const deployment = (image: string) =>
  yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    spec:', '      containers:', '        - name: web', `          image: ${image}`);

/** Would give several findings (latest tag, no probes) if it were analysed. */
const noisy = deployment('web:latest');
const withNul = noisy + '\u0000\u0000binary tail';
const helmTemplate = deployment('"{{ .Values.image.repository }}:{{ .Values.image.tag }}"').replace('name: web\n', 'name: {{ .Values.x }}\n');

ruleTester('file-skipped', {
  valid: [
    noisy,
    { name: 'a Helm template gives nothing', code: helmTemplate },
    { name: 'a Helm template under templates/', code: yaml('{{- include "chart.deployment" . }}', 'kind: Deployment'), fileName: 'chart/templates/deploy.yaml' },
    { name: 'a NUL after the first 8 KiB is not looked for', code: noisy + '#'.repeat(9000) + '\n\u0000' },
  ],
  invalid: [
    {
      name: 'NUL bytes',
      code: withNul,
      errors: [{ range: [1, 1, 1, 20], text: 'apiVersion: apps/v1', severity: 'warning', message: /binary/, noFix: true }],
    },
    {
      name: 'mostly control characters',
      code: 'kind: Pod\n' + '\u0001\u0002\u0003\u0004'.repeat(10),
      errors: [{ range: [1, 1, 1, 10], text: 'kind: Pod', message: /not YAML text/ }],
    },
    {
      name: 'a first line longer than 200 characters is cut at 200',
      code: '#' + 'x'.repeat(300) + '\n\u0000',
      errors: [{ range: [1, 1, 1, 201] }],
    },
  ],
});

describe('file-skipped: a skipped file gives that one finding and nothing else', () => {
  const only = (text: string, options: Parameters<typeof lint>[1] = {}) => {
    const result = lint(text, options);
    return { skipped: result.skipped, findings: result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.start}-${f.end}`) };
  };

  it('a text longer than maxLength', () => {
    const result = lint(noisy, { maxLength: noisy.length - 1 });
    assert.equal(result.skipped, 'too-large');
    assert.deepEqual(
      result.findings.map((f) => `${f.ruleId} ${f.start}-${f.end}`),
      ['file-skipped 0-19'],
    );
    assert.match(result.findings[0]!.message, /not checked/);
  });

  it('a text exactly maxLength long is analysed', () => {
    const result = lint(noisy, { maxLength: noisy.length });
    assert.equal(result.skipped, undefined);
    assert.ok(result.findings.some((f) => f.ruleId === 'image-latest-tag'));
    assert.ok(!result.findings.some((f) => f.ruleId === 'file-skipped'));
  });

  it('a text with NUL bytes', () => {
    assert.deepEqual(only(withNul), { skipped: 'binary', findings: ['file-skipped warning 0-19'] });
  });

  it('follows its setting: a severity, or off (the file is still skipped)', () => {
    assert.deepEqual(only(withNul, { rules: { 'file-skipped': 'information' } }), { skipped: 'binary', findings: ['file-skipped information 0-19'] });
    assert.deepEqual(only(withNul, { rules: { 'file-skipped': 'off' } }), { skipped: 'binary', findings: [] });
  });

  it('a Helm template gives nothing at all and says why it was skipped', () => {
    assert.deepEqual(only(helmTemplate), { skipped: 'helm', findings: [] });
  });
});
