import { ruleTester, yaml } from '../../helpers/rule-tester';

const job = (image: string, policy: string) =>
  yaml('apiVersion: batch/v1', 'kind: Job', 'metadata: {name: migrate}', 'spec:', '  template:', '    spec:', '      containers:', '        - name: migrate', `          image: ${image}`, `          imagePullPolicy: ${policy}`);

ruleTester('pull-policy-stale-cache', {
  valid: [job('migrate:1.4', 'Always'), job('migrate:1.4@sha256:' + 'e'.repeat(64), 'IfNotPresent'), job('migrate@sha256:' + 'e'.repeat(64), 'Never')],
  invalid: [
    {
      code: job('migrate:1.4', 'IfNotPresent'),
      errors: [{ range: [10, 28, 10, 40], text: 'IfNotPresent', severity: 'warning', message: /re-pushed/, fix: { output: job('migrate:1.4', 'Always') } }],
    },
    { code: job('migrate:latest', '"Never" # local builds'), errors: [{ range: [10, 28, 10, 35], text: '"Never"', message: /never pulls/, fix: { output: job('migrate:latest', 'Always # local builds') } }] },
  ],
});
