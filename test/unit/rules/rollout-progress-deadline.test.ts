import { ruleTester, yaml } from '../../helpers/rule-tester';

// Spec lines start on line 6, indented under `spec:`.
const workload = (apiVersion: string, kind: string, ...spec: string[]) =>
  yaml(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', '  name: api', 'spec:', ...spec.map((l) => `  ${l}`), '  template:', '    spec:', '      containers:', '        - name: api', '          image: api:1.0.0');
const deployment = (...spec: string[]) => workload('apps/v1', 'Deployment', ...spec);
const rollout = (...spec: string[]) => workload('argoproj.io/v1alpha1', 'Rollout', ...spec);
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

ruleTester('rollout-progress-deadline', {
  valid: [
    deployment('replicas: 2'),
    deployment('minReadySeconds: 30'),
    deployment('minReadySeconds: 599'),
    deployment('minReadySeconds: 30', 'progressDeadlineSeconds: 31'),
    deployment('minReadySeconds: 900', 'progressDeadlineSeconds: 1200'),
    { name: 'extensions/v1beta1 Deployments had no default deadline', code: workload('extensions/v1beta1', 'Deployment', 'minReadySeconds: 900') },
    { name: 'an unreadable minReadySeconds is not evidence', code: deployment('minReadySeconds: ${MIN_READY}', 'progressDeadlineSeconds: 10') },
    { name: 'an unreadable progressDeadlineSeconds is not evidence', code: deployment('minReadySeconds: 900', 'progressDeadlineSeconds: ${DEADLINE}') },
    { name: 'StatefulSets have no progress deadline', code: workload('apps/v1', 'StatefulSet', 'minReadySeconds: 900') },
  ],
  invalid: [
    {
      code: deployment('minReadySeconds: 30', 'progressDeadlineSeconds: 30'),
      errors: [
        {
          range: [7, 28, 7, 30],
          text: '30',
          severity: 'error',
          message: /^progressDeadlineSeconds \(30\) is not greater than minReadySeconds \(30\): the API server rejects the Deployment/,
          fix: { title: /^Set progressDeadlineSeconds to 630 \(minReadySeconds \+ 600\)$/, output: deployment('minReadySeconds: 30', 'progressDeadlineSeconds: 630') },
        },
      ],
    },
    {
      name: 'a zero deadline without minReadySeconds (which defaults to 0)',
      code: deployment('progressDeadlineSeconds: 0'),
      errors: [{ range: [6, 28, 6, 29], message: /minReadySeconds \(0\)/, fix: { output: deployment('progressDeadlineSeconds: 600') } }],
    },
    {
      name: 'numeric strings',
      code: deployment('minReadySeconds: "120"', 'progressDeadlineSeconds: "60"'),
      errors: [{ range: [7, 28, 7, 32], text: '"60"', fix: { output: deployment('minReadySeconds: "120"', 'progressDeadlineSeconds: 720') } }],
    },
    {
      name: 'no deadline: the default 600 is not above minReadySeconds; anchored on minReadySeconds',
      code: deployment('minReadySeconds: 600 # ten minutes of soak', 'replicas: 3'),
      errors: [
        {
          range: [6, 20, 6, 23],
          text: '600',
          message: /^minReadySeconds \(600\) is not less than the default progressDeadlineSeconds \(600\): the API server rejects the Deployment/,
          fix: { title: /to 1200/, output: deployment('minReadySeconds: 600 # ten minutes of soak', 'progressDeadlineSeconds: 1200', 'replicas: 3') },
        },
      ],
    },
    {
      name: 'Argo Rollout',
      code: rollout('minReadySeconds: 900'),
      errors: [{ range: [6, 20, 6, 23], message: /Argo Rollouts marks the Rollout InvalidSpec/, fix: { output: rollout('minReadySeconds: 900', 'progressDeadlineSeconds: 1500') } }],
    },
    {
      name: 'CRLF kept',
      code: crlf(deployment('minReadySeconds: 600')),
      errors: [{ range: [6, 20, 6, 23], fix: { output: crlf(deployment('minReadySeconds: 600', 'progressDeadlineSeconds: 1200')) } }],
    },
    {
      name: 'flow-style spec without a deadline: reported, no line edit offered',
      code: yaml('apiVersion: apps/v1', 'kind: Deployment', 'spec: {minReadySeconds: 700, replicas: 2}'),
      errors: [{ range: [3, 25, 3, 28], noFix: true }],
    },
    {
      name: 'flow-style spec with a deadline: replacing the value needs no line edit',
      code: yaml('apiVersion: apps/v1', 'kind: Deployment', 'spec: {minReadySeconds: 10, progressDeadlineSeconds: 5}'),
      errors: [{ range: [3, 54, 3, 55], fix: { output: yaml('apiVersion: apps/v1', 'kind: Deployment', 'spec: {minReadySeconds: 10, progressDeadlineSeconds: 610}') } }],
    },
  ],
});
