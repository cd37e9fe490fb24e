import { ruleTester, yaml } from '../../helpers/rule-tester';

// Spec lines start on line 6, indented under `spec:`.
const workload = (apiVersion: string, kind: string, ...spec: string[]) =>
  yaml(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', '  name: api', 'spec:', ...spec.map((l) => `  ${l}`), '  template:', '    spec:', '      containers:', '        - name: api', '          image: api:1.0.0');
const statefulSet = (...spec: string[]) => workload('apps/v1', 'StatefulSet', ...spec);
const daemonSet = (...spec: string[]) => workload('apps/v1', 'DaemonSet', ...spec);
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

ruleTester('rollout-on-delete', {
  valid: [
    statefulSet('updateStrategy:', '  type: RollingUpdate'),
    statefulSet('serviceName: db'),
    daemonSet('updateStrategy:', '  rollingUpdate:', '    maxUnavailable: 1'),
    { name: 'only an explicit OnDelete (extensions/v1beta1 defaulted to it)', code: workload('extensions/v1beta1', 'DaemonSet', 'minReadySeconds: 5') },
    { name: 'Deployments have no OnDelete', code: workload('apps/v1', 'Deployment', 'updateStrategy:', '  type: OnDelete') },
  ],
  invalid: [
    {
      code: statefulSet('serviceName: db', 'updateStrategy:', '  type: OnDelete', '  rollingUpdate:', '    partition: 0'),
      errors: [
        {
          range: [8, 11, 8, 19],
          text: 'OnDelete',
          severity: 'information',
          message: /^updateStrategy\.type is OnDelete: a changed pod template \(a new image, new config\) reaches no pod until someone deletes each pod by hand/,
          fix: { title: /^Use RollingUpdate$/, output: statefulSet('serviceName: db', 'updateStrategy:', '  type: RollingUpdate', '  rollingUpdate:', '    partition: 0') },
        },
      ],
    },
    {
      name: 'DaemonSet',
      code: daemonSet('updateStrategy:', '  type: "OnDelete"'),
      errors: [{ range: [7, 11, 7, 21], text: '"OnDelete"', fix: { output: daemonSet('updateStrategy:', '  type: RollingUpdate') } }],
    },
    {
      name: 'CRLF kept',
      code: crlf(daemonSet('updateStrategy:', '  type: OnDelete')),
      errors: [{ range: [7, 11, 7, 19], fix: { output: crlf(daemonSet('updateStrategy:', '  type: RollingUpdate')) } }],
    },
    {
      name: 'flow-style: replacing a value needs no line edit, so the fix is offered',
      code: statefulSet('updateStrategy: {type: OnDelete}'),
      errors: [{ range: [6, 26, 6, 34], fix: { output: statefulSet('updateStrategy: {type: RollingUpdate}') } }],
    },
  ],
});
