import { ruleTester, yaml } from '../../helpers/rule-tester';

const deployment = (...container: string[]) =>
  yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', '  template:', '    spec:', '      containers:', ...container.map((l) => `        ${l}`));

ruleTester('pull-policy-missing', {
  valid: [
    deployment('- name: api', '  image: api:v2.5.3', '  imagePullPolicy: Always'),
    deployment('- name: api', '  image: api:v2.5.3@sha256:' + 'd'.repeat(64)),
    deployment('- name: api', '  image: api:latest'),
    deployment('- name: api', '  image: api'),
    { name: 'the stale-cache rule covers an explicit IfNotPresent', code: deployment('- name: api', '  image: api:v1', '  imagePullPolicy: IfNotPresent') },
  ],
  invalid: [
    {
      code: deployment('- name: api', '  image: api:v2.5.3 # release', '  ports: [{containerPort: 80}]'),
      errors: [
        {
          range: [10, 18, 10, 28],
          text: 'api:v2.5.3',
          severity: 'warning',
          message: /IfNotPresent/,
          fix: {
            title: /imagePullPolicy: Always/,
            output: deployment('- name: api', '  image: api:v2.5.3 # release', '  imagePullPolicy: Always', '  ports: [{containerPort: 80}]'),
          },
        },
      ],
    },
    {
      name: 'image as the first key of the item, CRLF kept',
      code: deployment('- image: api:v1', '  name: api').replace(/\n/g, '\r\n'),
      errors: [{ range: [9, 18, 9, 24], fix: { output: deployment('- image: api:v1', '  imagePullPolicy: Always', '  name: api').replace(/\n/g, '\r\n') } }],
    },
    {
      name: 'last line without a newline',
      code: deployment('- name: api', '  image: api:v1').trimEnd(),
      errors: [{ range: [10, 18, 10, 24], fix: { output: deployment('- name: api', '  image: api:v1', '  imagePullPolicy: Always').trimEnd() } }],
    },
    {
      name: 'flow-style container: reported, no line edit offered',
      code: deployment('- {name: api, image: api:v1}'),
      errors: [{ range: [9, 30, 9, 36], noFix: true }],
    },
  ],
});
