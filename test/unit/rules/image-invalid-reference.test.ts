import { ruleTester, yaml } from '../../helpers/rule-tester';

const daemonSet = (image: string) =>
  yaml('apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: agent}', 'spec:', '  template:', '    spec:', '      containers:', '        - name: agent', `          image: ${image}`);

ruleTester('image-invalid-reference', {
  valid: [daemonSet('agent:1.0'), daemonSet('localhost:5000/agent'), daemonSet('$(IMAGE)'), daemonSet('${REGISTRY}/agent:1.0')],
  invalid: [
    { code: daemonSet('Agent:1.0'), errors: [{ range: [9, 18, 9, 27], severity: 'error', message: /lowercase/ }] },
    { code: daemonSet('agent:-bad'), errors: [{ range: [9, 18, 9, 28], message: /not a valid tag/ }] },
    { code: daemonSet('agent@sha256:abc'), errors: [{ range: [9, 18, 9, 34], message: /digest/ }] },
    { code: daemonSet('"agent :1"'), errors: [{ range: [9, 18, 9, 28], message: /whitespace/ }] },
    { code: daemonSet('""'), errors: [{ range: [9, 18, 9, 20], message: /empty/ }] },
    { code: daemonSet('reg.io//agent:1'), errors: [{ range: [9, 18, 9, 33], message: /empty component/ }] },
  ],
});
