import { ruleTester, yaml } from '../../helpers/rule-tester';

// Spec lines start on line 6, indented under `spec:`.
const workload = (apiVersion: string, kind: string, ...spec: string[]) =>
  yaml(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', '  name: api', 'spec:', ...spec.map((l) => `  ${l}`), '  template:', '    spec:', '      containers:', '        - name: api', '          image: api:1.0.0');
const deployment = (...spec: string[]) => workload('apps/v1', 'Deployment', ...spec);
const daemonSet = (...spec: string[]) => workload('apps/v1', 'DaemonSet', ...spec);
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

ruleTester('rollout-max-unavailable-all', {
  valid: [
    deployment('strategy:', '  rollingUpdate:', '    maxUnavailable: 25%'),
    deployment('strategy:', '  rollingUpdate:', '    maxUnavailable: 99%'),
    deployment('replicas: 3', 'strategy:', '  rollingUpdate:', '    maxUnavailable: 2'),
    { name: 'no explicit replicas: an autoscaler may own the count', code: deployment('strategy:', '  rollingUpdate:', '    maxUnavailable: 5') },
    { name: 'scaled to zero: nothing to take down', code: deployment('replicas: 0', 'strategy:', '  rollingUpdate:', '    maxUnavailable: 1') },
    { name: 'not a percentage: a space before % is not the API syntax', code: deployment('strategy:', '  rollingUpdate:', '    maxUnavailable: 100 %') },
    { name: 'Recreate ignores rollingUpdate (the API rejects the pair; not this rule)', code: deployment('strategy:', '  type: Recreate', '  rollingUpdate:', '    maxUnavailable: 100%') },
    { name: 'DaemonSet with a count: the node count is unknown', code: daemonSet('updateStrategy:', '  rollingUpdate:', '    maxUnavailable: 50') },
    { name: 'DaemonSet OnDelete ignores rollingUpdate', code: daemonSet('updateStrategy:', '  type: OnDelete', '  rollingUpdate:', '    maxUnavailable: 100%') },
    { name: 'extensions/v1beta1 DaemonSet without a type defaults to OnDelete', code: workload('extensions/v1beta1', 'DaemonSet', 'updateStrategy:', '  rollingUpdate:', '    maxUnavailable: 100%') },
    { name: 'StatefulSet maxUnavailable is out of scope', code: workload('apps/v1', 'StatefulSet', 'updateStrategy:', '  rollingUpdate:', '    maxUnavailable: 100%') },
  ],
  invalid: [
    {
      code: deployment('strategy:', '  rollingUpdate:', '    maxUnavailable: 100%'),
      errors: [
        {
          range: [8, 23, 8, 27],
          text: '100%',
          severity: 'warning',
          message: /^maxUnavailable: 100% lets the rollout take down every old pod at once: the rollout is downtime/,
          fix: {
            title: /^Use maxUnavailable 0 and maxSurge 1$/,
            output: deployment('strategy:', '  rollingUpdate:', '    maxUnavailable: 0', '    maxSurge: 1'),
          },
        },
      ],
    },
    {
      name: 'a count equal to replicas, maxSurge present: both replaced',
      code: deployment('replicas: 3', 'strategy:', '  type: RollingUpdate', '  rollingUpdate:', '    maxUnavailable: 3 # fast', '    maxSurge: 0'),
      errors: [
        {
          range: [10, 23, 10, 24],
          message: /^maxUnavailable: 3 with replicas: 3 /,
          fix: { output: deployment('replicas: 3', 'strategy:', '  type: RollingUpdate', '  rollingUpdate:', '    maxUnavailable: 0 # fast', '    maxSurge: 1') },
        },
      ],
    },
    {
      name: 'numeric strings, maxSurge first',
      code: deployment('replicas: "2"', 'strategy:', '  rollingUpdate:', '    maxSurge: 25%', '    maxUnavailable: "5"'),
      errors: [
        {
          range: [10, 23, 10, 26],
          text: '"5"',
          message: /maxUnavailable: 5 with replicas: 2/,
          fix: { output: deployment('replicas: "2"', 'strategy:', '  rollingUpdate:', '    maxSurge: 1', '    maxUnavailable: 0') },
        },
      ],
    },
    {
      name: 'over 100%: also rejected by the API',
      code: deployment('strategy:', '  rollingUpdate:', '    maxUnavailable: "150%"', '    maxSurge: 1'),
      errors: [{ range: [8, 23, 8, 29], message: /over 100%, which the API also rejects/, fix: { output: deployment('strategy:', '  rollingUpdate:', '    maxUnavailable: 0', '    maxSurge: 1') } }],
    },
    {
      name: 'DaemonSet at 100%, type RollingUpdate',
      code: daemonSet('updateStrategy:', '  type: RollingUpdate', '  rollingUpdate:', '    maxUnavailable: 100%'),
      errors: [
        {
          range: [9, 23, 9, 27],
          message: /take down the pod on every node at once/,
          fix: { output: daemonSet('updateStrategy:', '  type: RollingUpdate', '  rollingUpdate:', '    maxUnavailable: 0', '    maxSurge: 1') },
        },
      ],
    },
    {
      name: 'DaemonSet at 100%, type unset (RollingUpdate in apps/v1)',
      code: daemonSet('updateStrategy:', '  rollingUpdate:', '    maxUnavailable: 100%'),
      errors: [{ range: [8, 23, 8, 27] }],
    },
    {
      name: 'CRLF kept',
      code: crlf(deployment('replicas: 1', 'strategy:', '  rollingUpdate:', '    maxUnavailable: 1')),
      errors: [{ range: [9, 23, 9, 24], fix: { output: crlf(deployment('replicas: 1', 'strategy:', '  rollingUpdate:', '    maxUnavailable: 0', '    maxSurge: 1')) } }],
    },
    {
      name: 'flow-style rollingUpdate: reported, no line edit offered',
      code: deployment('strategy:', '  rollingUpdate: {maxUnavailable: 100%}'),
      errors: [{ range: [7, 37, 7, 41], text: '100%', noFix: true }],
    },
  ],
});
