import { ruleTester, yaml } from '../../helpers/rule-tester';

const deployment = (image: string) =>
  yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    `          image: ${image}`,
  );

ruleTester('image-latest-tag', {
  valid: [
    deployment('nginx:1.27.3'),
    deployment('nginx'),
    deployment('nginx:latest@sha256:' + 'a'.repeat(64)),
    deployment('registry.example.com:5000/team/app:v2'),
    { name: 'not Kubernetes: a compose file', code: yaml('services:', '  web:', '    image: nginx:latest') },
    { name: 'templated image is not judged', code: deployment('${IMAGE}:latest') },
    { name: 'unknown kind', code: yaml('apiVersion: v1', 'kind: ConfigMap', 'data:', '  image: nginx:latest') },
  ],
  invalid: [
    {
      code: deployment('nginx:latest'),
      errors: [{ range: [10, 18, 10, 30], text: 'nginx:latest', severity: 'warning', message: /"latest"/ }],
    },
    {
      name: 'quoted, with a registry port',
      code: deployment('"localhost:5000/app:latest"'),
      errors: [{ range: [10, 18, 10, 45], text: '"localhost:5000/app:latest"' }],
    },
    {
      name: 'init, ephemeral and sidecar containers, in a CronJob',
      code: yaml(
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: nightly}',
        'spec:',
        '  schedule: "0 3 * * *"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        spec:',
        '          initContainers:',
        '            - {name: init, image: busybox:latest}',
        '            - {name: proxy, image: envoy:latest, restartPolicy: Always}',
        '          containers:',
        '            - {name: job, image: app:1.0}',
        '          ephemeralContainers:',
        '            - {name: debug, image: debug:latest}',
      ),
      errors: [
        { range: [11, 35, 11, 49], text: 'busybox:latest' },
        { range: [12, 36, 12, 48], text: 'envoy:latest' },
        { range: [16, 36, 16, 48], text: 'debug:latest' },
      ],
    },
    {
      name: 'a bare Pod, a ReplicationController and an Argo Rollout in one file, CRLF',
      code: [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  containers: [{name: a, image: "a:latest"}]',
        '---',
        'apiVersion: v1',
        'kind: ReplicationController',
        'spec:',
        '  template:',
        '    spec:',
        '      containers: [{name: b, image: b:latest}]',
        '---',
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Rollout',
        'spec:',
        '  template:',
        '    spec:',
        '      containers: [{name: c, image: c:latest}]',
        '',
      ].join('\r\n'),
      errors: [
        { range: [5, 33, 5, 43], text: '"a:latest"' },
        { range: [12, 37, 12, 45], text: 'b:latest' },
        { range: [19, 37, 19, 45], text: 'c:latest' },
      ],
    },
  ],
});
