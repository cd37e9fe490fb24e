import { ruleTester, yaml } from '../../helpers/rule-tester';

// Spec lines start on line 6, indented under `spec:`.
const workload = (apiVersion: string, kind: string, ...spec: string[]) =>
  yaml(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', '  name: api', 'spec:', ...spec.map((l) => `  ${l}`), '  template:', '    spec:', '      containers:', '        - name: api', '          image: api:1.0.0');
const deployment = (...spec: string[]) => workload('apps/v1', 'Deployment', ...spec);
const daemonSet = (...spec: string[]) => workload('apps/v1', 'DaemonSet', ...spec);
const rollout = (...spec: string[]) => workload('argoproj.io/v1alpha1', 'Rollout', ...spec);
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

ruleTester('rollout-no-surge-no-unavailable', {
  valid: [
    deployment('strategy:', '  rollingUpdate:', '    maxSurge: 0', '    maxUnavailable: 1'),
    deployment('strategy:', '  rollingUpdate:', '    maxSurge: 1', '    maxUnavailable: 0'),
    { name: 'Deployment maxSurge unset defaults to 25%', code: deployment('strategy:', '  rollingUpdate:', '    maxUnavailable: 0') },
    { name: 'Recreate ignores rollingUpdate', code: deployment('strategy:', '  type: Recreate', '  rollingUpdate:', '    maxSurge: 0', '    maxUnavailable: 0') },
    daemonSet('updateStrategy:', '  rollingUpdate:', '    maxSurge: 1', '    maxUnavailable: 0'),
    { name: 'DaemonSet OnDelete ignores rollingUpdate', code: daemonSet('updateStrategy:', '  type: OnDelete', '  rollingUpdate:', '    maxSurge: 0', '    maxUnavailable: 0') },
    { name: 'Rollout canary maxUnavailable unset defaults to 25%', code: rollout('strategy:', '  canary:', '    maxSurge: 0') },
    { name: 'Rollout blueGreen has no surge setting', code: rollout('strategy:', '  blueGreen:', '    activeService: api') },
  ],
  invalid: [
    {
      code: deployment('strategy:', '  rollingUpdate:', '    maxSurge: 0', '    maxUnavailable: 0'),
      errors: [
        {
          range: [9, 23, 9, 24],
          text: '0',
          severity: 'error',
          message: /^strategy\.rollingUpdate\.maxSurge and maxUnavailable are both 0: .*the API server rejects the Deployment\.$/,
          fix: { title: /^Set maxSurge to 1$/, output: deployment('strategy:', '  rollingUpdate:', '    maxSurge: 1', '    maxUnavailable: 0') },
        },
      ],
    },
    {
      name: 'percentages count: "0%" is 0',
      code: deployment('strategy:', '  type: RollingUpdate', '  rollingUpdate:', '    maxUnavailable: "0%"', '    maxSurge: 0%'),
      errors: [{ range: [9, 23, 9, 27], text: '"0%"', fix: { output: deployment('strategy:', '  type: RollingUpdate', '  rollingUpdate:', '    maxUnavailable: "0%"', '    maxSurge: 1') } }],
    },
    {
      name: 'DaemonSet',
      code: daemonSet('updateStrategy:', '  type: RollingUpdate', '  rollingUpdate:', '    maxUnavailable: 0', '    maxSurge: 0'),
      errors: [{ range: [9, 23, 9, 24], message: /the API server rejects the DaemonSet/, fix: { output: daemonSet('updateStrategy:', '  type: RollingUpdate', '  rollingUpdate:', '    maxUnavailable: 0', '    maxSurge: 1') } }],
    },
    {
      name: 'DaemonSet with maxUnavailable 0 and maxSurge unset (it defaults to 0)',
      code: daemonSet('updateStrategy:', '  rollingUpdate:', '    maxUnavailable: 0'),
      errors: [{ range: [8, 23, 8, 24], message: /defaults to 0/, fix: { output: daemonSet('updateStrategy:', '  rollingUpdate:', '    maxUnavailable: 0', '    maxSurge: 1') } }],
    },
    {
      name: 'Argo Rollout canary',
      code: rollout('strategy:', '  canary:', '    maxSurge: "0"', '    maxUnavailable: 0'),
      errors: [
        {
          range: [9, 23, 9, 24],
          message: /^strategy\.canary\.maxSurge .*Argo Rollouts marks the Rollout InvalidSpec/,
          fix: { output: rollout('strategy:', '  canary:', '    maxSurge: 1', '    maxUnavailable: 0') },
        },
      ],
    },
    {
      name: 'CRLF kept',
      code: crlf(deployment('strategy:', '  rollingUpdate:', '    maxSurge: 0', '    maxUnavailable: 0')),
      errors: [{ range: [9, 23, 9, 24], fix: { output: crlf(deployment('strategy:', '  rollingUpdate:', '    maxSurge: 1', '    maxUnavailable: 0')) } }],
    },
    {
      name: 'flow-style: replacing a value needs no line edit, so the fix is offered',
      code: deployment('strategy:', '  rollingUpdate: {maxSurge: 0, maxUnavailable: 0}'),
      errors: [{ range: [7, 50, 7, 51], fix: { output: deployment('strategy:', '  rollingUpdate: {maxSurge: 1, maxUnavailable: 0}') } }],
    },
  ],
});
