import { ruleTester, yaml } from '../../helpers/rule-tester';

/** A Deployment whose container list starts on line 9, items at column 9. */
const deployment = (...container: string[]) =>
  yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', '  template:', '    spec:', '      containers:', ...container.map((l) => `        ${l}`));

const skeleton = (port: string) => ['  livenessProbe:', '    tcpSocket:', `      port: ${port}`, '    periodSeconds: 10'];
const withPorts = ['- name: api', '  image: api:v1', '  ports:', '  - name: http', '    containerPort: 8080', '  - containerPort: 9090'];

ruleTester('probe-liveness-missing', {
  valid: [
    deployment('- name: api', '  image: api:v1', '  livenessProbe:', '    httpGet: {path: /healthz, port: 8080}'),
    { name: 'probe given by an alias', code: yaml('x-probe: &probe {tcpSocket: {port: 80}}') + deployment('- name: api', '  image: api:v1', '  livenessProbe: *probe') },
    {
      name: 'Job and CronJob pods are not long-running',
      code:
        yaml('apiVersion: batch/v1', 'kind: Job', 'metadata: {name: migrate}', 'spec:', '  template:', '    spec:', '      containers: [{name: migrate, image: "migrate:v1"}]') +
        '---\n' +
        yaml('apiVersion: batch/v1', 'kind: CronJob', 'metadata: {name: report}', 'spec:', '  schedule: "@daily"', '  jobTemplate:', '    spec:', '      template:', '        spec:', '          containers: [{name: report, image: "report:v1"}]'),
    },
    { name: 'a Pod with restartPolicy: OnFailure runs to completion', code: yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: task}', 'spec:', '  restartPolicy: OnFailure', '  containers: [{name: task, image: "task:v1"}]') },
    {
      name: 'init, restartable sidecar and ephemeral containers need no probe',
      code: yaml(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: api}',
        'spec:',
        '  initContainers:',
        '  - {name: migrate, image: "migrate:v1"}',
        '  - {name: proxy, image: "proxy:v1", restartPolicy: Always}',
        '  containers:',
        '  - name: api',
        '    image: api:v1',
        '    livenessProbe: {tcpSocket: {port: 80}}',
        '  ephemeralContainers:',
        '  - {name: debug, image: "busybox:1.36"}',
      ),
    },
    {
      name: 'a Rollout with workloadRef has no pod template here',
      code: yaml('apiVersion: argoproj.io/v1alpha1', 'kind: Rollout', 'metadata: {name: api}', 'spec:', '  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: api}'),
    },
  ],
  invalid: [
    {
      name: 'fix aims at the first declared port, by name',
      code: deployment(...withPorts),
      errors: [
        {
          range: [9, 17, 9, 20],
          text: 'api',
          severity: 'information',
          message: /^Container "api" has no livenessProbe: .*never restarts it/,
          fix: { title: /^Add a livenessProbe on port http$/, output: deployment(...withPorts, ...skeleton('http')) },
        },
      ],
    },
    {
      name: 'a readinessProbe does not stand in for a livenessProbe; CRLF kept',
      code: deployment('- name: api', '  ports:', '  - containerPort: 80 # app', '  readinessProbe:', '    tcpSocket: {port: 80}').replace(/\n/g, '\r\n'),
      errors: [
        {
          range: [9, 17, 9, 20],
          fix: {
            title: /^Add a livenessProbe on port 80$/,
            output: deployment('- name: api', '  ports:', '  - containerPort: 80 # app', '  readinessProbe:', '    tcpSocket: {port: 80}', ...skeleton('80')).replace(/\n/g, '\r\n'),
          },
        },
      ],
    },
    {
      name: 'container without a name: anchored on its first key',
      code: deployment('- image: api:v1', '  ports: [{name: http, containerPort: 80}]'),
      errors: [{ range: [9, 11, 9, 16], text: 'image', message: /^A container without a name has no livenessProbe/, fix: { output: deployment('- image: api:v1', '  ports: [{name: http, containerPort: 80}]', ...skeleton('http')) } }],
    },
    {
      name: 'flow-style container: reported, no line edit offered',
      code: deployment('- {name: api, image: api:v1, ports: [{name: http, containerPort: 80}]}'),
      errors: [{ range: [9, 18, 9, 21], text: 'api', noFix: true }],
    },
    {
      name: 'no declared port: reported, no guessed probe',
      code: deployment('- name: api', '  image: api:v1'),
      errors: [{ range: [9, 17, 9, 20], noFix: true }],
    },
    {
      name: 'a bare Pod restarts by default: long-running',
      code: yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: web}', 'spec:', '  containers:', '  - name: web', '    image: web:v1'),
      errors: [{ range: [6, 11, 6, 14], text: 'web' }],
    },
  ],
});
