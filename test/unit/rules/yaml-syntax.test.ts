import assert from 'node:assert/strict';
import { lint } from '../../../server/src/engine/index';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const deploymentWithLatest = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: web:latest',
);

/** A Deployment, then a Service with a duplicate key, then a Pod: the middle document is broken. */
const threeDocuments = [
  deploymentWithLatest,
  '---\n',
  yaml('apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', '  name: web-svc', 'spec:', '  ports: [{port: 80}]'),
  '---\n',
  yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: debug}', 'spec:', '  containers: [{name: debug, image: "busybox:latest"}]'),
].join('');

const composeLike = yaml('services:', '  web:', '    image: nginx:latest', '   ports: ["80:80"]', '    environment: [A=1');

ruleTester('yaml-syntax', {
  valid: [
    deploymentWithLatest,
    { name: 'a YAML error in a file that is not Kubernetes (compose-like)', code: composeLike },
    { name: 'a broken file named like a compose file', code: composeLike, fileName: 'docker-compose.yaml' },
    { name: 'kind without apiVersion at the top level is not enough', code: yaml('kind: Thing', 'spec: {a: 1') },
    { name: 'a Helm template is skipped, not reported', code: yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: {{ .Release.Name }}') },
  ],
  invalid: [
    {
      name: 'a duplicate key in the middle document of three',
      code: threeDocuments,
      errors: [{ range: [16, 3, 16, 4], text: 'n', severity: 'error', message: /unique.*the others were/, noFix: true }],
    },
    {
      name: 'a single broken manifest, recognised by its top-level apiVersion and kind',
      code: yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: a]', 'spec: {}'),
      errors: [{ range: [3, 19, 3, 20], text: ']', message: /Flow map/ }],
    },
    {
      name: 'a broken kustomization.yaml (tab indentation)',
      fileName: 'overlays/prod/kustomization.yaml',
      code: yaml('resources:', '  - ../../base', 'images:', '\t- name: api', '\t  newTag: v1'),
      errors: [
        { range: [4, 1, 4, 2], text: '\t', message: /Tabs/ },
        { range: [5, 1, 5, 4], text: '\t  ', message: /Tabs/ },
      ],
    },
    {
      name: 'a broken kustomization.yaml (items at different columns), CRLF',
      fileName: 'kustomization.yaml',
      code: yaml('images:', '  - name: api', '    newTag: v1', '  newName: reg.io/api').replace(/\n/g, '\r\n'),
      errors: [{ range: [4, 1, 4, 2], message: /same column/ }],
    },
  ],
});

describe('yaml-syntax: the other documents are still linted', () => {
  it('reports the Deployment and the Pod around the broken Service', () => {
    const { findings } = lint(threeDocuments);
    const summary = findings
      .filter((f) => f.ruleId === 'yaml-syntax' || f.ruleId === 'image-latest-tag')
      .map((f) => `${f.ruleId} ${threeDocuments.slice(f.start, f.end)}`);
    assert.deepEqual(summary, ['image-latest-tag web:latest', 'yaml-syntax n', 'image-latest-tag "busybox:latest"']);
  });

  it('a YAML error in a file that is not Kubernetes yields nothing at all', () => {
    assert.deepEqual(lint(composeLike).findings, []);
  });
});
