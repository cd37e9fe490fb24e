import { ruleTester, yaml } from '../../helpers/rule-tester';

// Spec lines start on line 6, indented under `spec:`.
const workload = (apiVersion: string, kind: string, ...spec: string[]) =>
  yaml(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', '  name: api', 'spec:', ...spec.map((l) => `  ${l}`), '  template:', '    spec:', '      containers:', '        - name: api', '          image: api:1.0.0');
const deployment = (...spec: string[]) => workload('apps/v1', 'Deployment', ...spec);
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

ruleTester('rollout-no-revision-history', {
  valid: [
    deployment('revisionHistoryLimit: 10'),
    deployment('revisionHistoryLimit: 1'),
    deployment('replicas: 3'),
    { name: 'Jobs keep no revisions; their history limits are something else', code: workload('batch/v1', 'CronJob', 'successfulJobsHistoryLimit: 0', 'revisionHistoryLimit: 0') },
    { name: 'ReplicaSets have no revision history', code: workload('apps/v1', 'ReplicaSet', 'revisionHistoryLimit: 0') },
  ],
  invalid: [
    {
      code: deployment('replicas: 3', 'revisionHistoryLimit: 0 # keep it tidy'),
      errors: [
        {
          range: [7, 25, 7, 26],
          text: '0',
          severity: 'warning',
          message: /^revisionHistoryLimit: 0 deletes every old ReplicaSet once a rollout completes: `kubectl rollout undo` has nothing to go back to/,
          fix: { title: /^Keep 10 revisions$/, output: deployment('replicas: 3', 'revisionHistoryLimit: 10 # keep it tidy') },
        },
      ],
    },
    {
      name: 'StatefulSet keeps ControllerRevisions',
      code: workload('apps/v1', 'StatefulSet', 'revisionHistoryLimit: "0"'),
      errors: [{ range: [6, 25, 6, 28], text: '"0"', message: /old ControllerRevision/, fix: { output: workload('apps/v1', 'StatefulSet', 'revisionHistoryLimit: 10') } }],
    },
    {
      name: 'DaemonSet',
      code: workload('apps/v1', 'DaemonSet', 'revisionHistoryLimit: 0'),
      errors: [{ range: [6, 25, 6, 26], message: /old ControllerRevision/ }],
    },
    {
      name: 'Argo Rollout',
      code: workload('argoproj.io/v1alpha1', 'Rollout', 'revisionHistoryLimit: 0'),
      errors: [{ range: [6, 25, 6, 26], message: /`kubectl argo rollouts undo`/ }],
    },
    {
      name: 'an alias: reported and replaced where the key is, the anchor stays',
      code: yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', '  annotations:', '    history: &history "0"', 'spec:', '  revisionHistoryLimit: *history'),
      errors: [
        {
          range: [8, 25, 8, 33],
          text: '*history',
          fix: { output: yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', '  annotations:', '    history: &history "0"', 'spec:', '  revisionHistoryLimit: 10') },
        },
      ],
    },
    {
      name: 'CRLF kept',
      code: crlf(deployment('revisionHistoryLimit: 0')),
      errors: [{ range: [6, 25, 6, 26], fix: { output: crlf(deployment('revisionHistoryLimit: 10')) } }],
    },
    {
      name: 'flow-style: replacing a value needs no line edit, so the fix is offered',
      code: yaml('apiVersion: apps/v1', 'kind: Deployment', 'spec: {revisionHistoryLimit: 0}'),
      errors: [{ range: [3, 30, 3, 31], fix: { output: yaml('apiVersion: apps/v1', 'kind: Deployment', 'spec: {revisionHistoryLimit: 10}') } }],
    },
  ],
});
