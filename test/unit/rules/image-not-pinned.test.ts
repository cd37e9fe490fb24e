import { ruleTester, yaml } from '../../helpers/rule-tester';

const deployment = (image: string) =>
  yaml('apiVersion: apps/v1', 'kind: StatefulSet', 'metadata: {name: db}', 'spec:', '  template:', '    spec:', '      containers:', `        - image: ${image}`, '          name: db');

ruleTester('image-not-pinned', {
  valid: [
    deployment('postgres:16.4@sha256:' + 'c'.repeat(64)),
    deployment('postgres@sha256:' + 'c'.repeat(64)),
    deployment('postgres:latest'),
    deployment('postgres'),
    deployment('Postgres:16'),
  ],
  invalid: [
    { code: deployment('postgres:16.4'), errors: [{ range: [8, 18, 8, 31], text: 'postgres:16.4', severity: 'hint', message: /digest/ }] },
    { code: deployment('registry:5000/a/b:1.2'), errors: [{ range: [8, 18, 8, 39], text: 'registry:5000/a/b:1.2' }] },
  ],
});
