import { ruleTester, yaml } from '../../helpers/rule-tester';

// Spec lines start on line 6, indented under `spec:`.
const workload = (apiVersion: string, kind: string, ...spec: string[]) =>
  yaml(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', '  name: api', 'spec:', ...spec.map((l) => `  ${l}`), '  template:', '    spec:', '      containers:', '        - name: api', '          image: api:1.0.0');
const deployment = (...spec: string[]) => workload('apps/v1', 'Deployment', ...spec);
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

ruleTester('rollout-single-replica', {
  valid: [
    deployment('replicas: 2'),
    { name: 'no replicas: the default (1) or an autoscaler decides; only an explicit 1 is reported', code: deployment('selector: {}') },
    deployment('replicas: 0'),
    { name: 'ReplicaSets are out of scope', code: workload('apps/v1', 'ReplicaSet', 'replicas: 1') },
    { name: 'not a workload', code: yaml('apiVersion: example.com/v1', 'kind: Deployment', 'spec:', '  replicas: 1') },
  ],
  invalid: [
    {
      code: deployment('replicas: 1'),
      errors: [
        {
          range: [6, 13, 6, 14],
          text: '1',
          severity: 'information',
          message: /^replicas: 1: a crash, an eviction or a node drain leaves nothing serving until a replacement pod is ready\.$/,
          noFix: true,
        },
      ],
    },
    {
      name: 'StatefulSet: rollouts are downtime too',
      code: workload('apps/v1', 'StatefulSet', 'serviceName: db', 'replicas: 1'),
      errors: [{ range: [7, 13, 7, 14], message: /StatefulSet also stops its pod before starting the new one/, noFix: true }],
    },
    {
      name: 'Argo Rollout, numeric string',
      code: workload('argoproj.io/v1alpha1', 'Rollout', 'replicas: "1"'),
      errors: [{ range: [6, 13, 6, 16], text: '"1"' }],
    },
    {
      name: 'CRLF',
      code: crlf(deployment('replicas: 1')),
      errors: [{ range: [6, 13, 6, 14], noFix: true }],
    },
    {
      name: 'flow-style spec',
      code: yaml('apiVersion: apps/v1', 'kind: Deployment', 'spec: {replicas: 1, template: {spec: {containers: []}}}'),
      errors: [{ range: [3, 18, 3, 19], noFix: true }],
    },
  ],
});
