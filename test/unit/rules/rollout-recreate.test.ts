import { ruleTester, yaml } from '../../helpers/rule-tester';

// Spec lines start on line 6, indented under `spec:`.
const workload = (apiVersion: string, kind: string, ...spec: string[]) =>
  yaml(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', '  name: api', 'spec:', ...spec.map((l) => `  ${l}`), '  template:', '    spec:', '      containers:', '        - name: api', '          image: api:1.0.0');
const deployment = (...spec: string[]) => workload('apps/v1', 'Deployment', ...spec);
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

ruleTester('rollout-recreate', {
  valid: [
    deployment('replicas: 3'),
    deployment('strategy:', '  type: RollingUpdate'),
    deployment('strategy:', '  rollingUpdate:', '    maxSurge: 1'),
    { name: 'the type is case-sensitive: "recreate" is rejected by the API, not this rule', code: deployment('strategy:', '  type: recreate') },
    { name: 'StatefulSets have no Recreate strategy', code: workload('apps/v1', 'StatefulSet', 'strategy:', '  type: Recreate') },
    { name: 'not a workload', code: yaml('apiVersion: example.com/v1', 'kind: Deployment', 'spec:', '  strategy:', '    type: Recreate') },
  ],
  invalid: [
    {
      code: deployment('replicas: 2', 'strategy:', '  type: Recreate', 'minReadySeconds: 5'),
      errors: [
        {
          range: [8, 11, 8, 19],
          text: 'Recreate',
          severity: 'warning',
          message: /all old pods are killed before new ones start, so every rollout is downtime/,
          fix: {
            title: /^Use RollingUpdate with maxUnavailable 0 and maxSurge 1$/,
            output: deployment('replicas: 2', 'strategy:', '  type: RollingUpdate', '  rollingUpdate:', '    maxUnavailable: 0', '    maxSurge: 1', 'minReadySeconds: 5'),
          },
        },
      ],
    },
    {
      name: 'a comment after the type stays on its line; the new entry follows',
      code: deployment('strategy:', '  type: Recreate # one writer at a time'),
      errors: [
        {
          range: [7, 11, 7, 19],
          fix: { output: deployment('strategy:', '  type: RollingUpdate # one writer at a time', '  rollingUpdate:', '    maxUnavailable: 0', '    maxSurge: 1') },
        },
      ],
    },
    {
      name: 'a quoted type is replaced quotes and all',
      code: deployment('strategy:', '  type: "Recreate"'),
      errors: [{ range: [7, 11, 7, 21], text: '"Recreate"', fix: { output: deployment('strategy:', '  type: RollingUpdate', '  rollingUpdate:', '    maxUnavailable: 0', '    maxSurge: 1') } }],
    },
    {
      name: 'an existing rollingUpdate gets the two keys instead of a second rollingUpdate',
      code: deployment('strategy:', '  rollingUpdate:', '    maxSurge: 50%', '  type: Recreate'),
      errors: [
        {
          range: [9, 11, 9, 19],
          fix: { output: deployment('strategy:', '  rollingUpdate:', '    maxSurge: 1', '    maxUnavailable: 0', '  type: RollingUpdate') },
        },
      ],
    },
    {
      name: 'an existing rollingUpdate with both keys has them replaced',
      code: deployment('strategy:', '  type: Recreate', '  rollingUpdate:', '    maxUnavailable: 25%', '    maxSurge: 25%'),
      errors: [{ range: [7, 11, 7, 19], fix: { output: deployment('strategy:', '  type: RollingUpdate', '  rollingUpdate:', '    maxUnavailable: 0', '    maxSurge: 1') } }],
    },
    {
      name: 'a file indented by four spaces gets four-space nesting',
      code: yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '    name: api', 'spec:', '    strategy:', '        type: Recreate', '    template: {}'),
      errors: [
        {
          range: [7, 15, 7, 23],
          fix: {
            output: yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '    name: api', 'spec:', '    strategy:', '        type: RollingUpdate', '        rollingUpdate:', '            maxUnavailable: 0', '            maxSurge: 1', '    template: {}'),
          },
        },
      ],
    },
    {
      name: 'CRLF kept',
      code: crlf(deployment('strategy:', '  type: Recreate')),
      errors: [{ range: [7, 11, 7, 19], fix: { output: crlf(deployment('strategy:', '  type: RollingUpdate', '  rollingUpdate:', '    maxUnavailable: 0', '    maxSurge: 1')) } }],
    },
    {
      name: 'last line without a newline',
      code: yaml('apiVersion: apps/v1', 'kind: Deployment', 'spec:', '  strategy:', '    type: Recreate').trimEnd(),
      errors: [
        {
          range: [5, 11, 5, 19],
          fix: { output: yaml('apiVersion: apps/v1', 'kind: Deployment', 'spec:', '  strategy:', '    type: RollingUpdate', '    rollingUpdate:', '      maxUnavailable: 0', '      maxSurge: 1').trimEnd() },
        },
      ],
    },
    {
      name: 'flow-style strategy: reported, no line edit offered',
      code: deployment('strategy: {type: Recreate}'),
      errors: [{ range: [6, 20, 6, 28], text: 'Recreate', noFix: true }],
    },
    {
      name: 'only the Recreate Deployment of a multi-document file',
      code: deployment('strategy:', '  type: RollingUpdate') + '---\n' + deployment('strategy:', '  type: Recreate'),
      errors: [{ range: [20, 11, 20, 19], text: 'Recreate' }],
    },
  ],
});
