import { ruleTester, yaml } from '../../helpers/rule-tester';

/** A Deployment whose container list starts on line 9, items at column 9. */
const deployment = (...container: string[]) =>
  yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', '  template:', '    spec:', '      containers:', ...container.map((l) => `        ${l}`));

const podSpecOf = (kind: string, apiVersion: string, prefix: string[], ...podSpec: string[]) =>
  yaml(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', '  name: api', ...prefix, ...podSpec.map((l) => `${' '.repeat(prefix.length * 2)}${l}`));

const job = (...podSpec: string[]) => podSpecOf('Job', 'batch/v1', ['spec:', '  template:', '    spec:'], ...podSpec);
const cronJob = (...podSpec: string[]) => podSpecOf('CronJob', 'batch/v1', ['spec:', '  jobTemplate:', '    spec:', '      template:', '        spec:'], ...podSpec);
const pod = (...podSpec: string[]) => podSpecOf('Pod', 'v1', ['spec:'], ...podSpec);

const probed = ['- name: api', '  image: api:v1', '  readinessProbe:', '    httpGet: {path: /ready, port: 8080}'];
const skeleton = (port: string) => ['  readinessProbe:', '    tcpSocket:', `      port: ${port}`, '    periodSeconds: 10'];
const withPorts = ['- name: api', '  image: api:v1', '  ports:', '  - name: http', '    containerPort: 8080', '  - name: metrics', '    containerPort: 9090'];

ruleTester('probe-readiness-missing', {
  valid: [
    deployment(...probed),
    { name: 'probe given by an alias', code: yaml('x-probe: &probe {tcpSocket: {port: 80}}') + deployment('- name: api', '  image: api:v1', '  readinessProbe: *probe') },
    { name: 'Job pods are not long-running', code: job('containers:', '- name: migrate', '  image: migrate:v1', '  ports: [{containerPort: 80}]') },
    { name: 'CronJob pods are not long-running', code: cronJob('containers:', '- name: report', '  image: report:v1') },
    { name: 'a Pod with restartPolicy: Never runs to completion', code: pod('restartPolicy: Never', 'containers:', '- name: task', '  image: task:v1') },
    { name: 'a Pod with restartPolicy: OnFailure runs to completion', code: pod('restartPolicy: OnFailure', 'containers:', '- name: task', '  image: task:v1') },
    {
      name: 'init, restartable sidecar and ephemeral containers need no probe',
      code: pod(
        'initContainers:',
        '- name: migrate',
        '  image: migrate:v1',
        '- name: proxy',
        '  image: proxy:v1',
        '  restartPolicy: Always',
        'containers:',
        ...probed,
        'ephemeralContainers:',
        '- name: debug',
        '  image: busybox:1.36',
      ),
    },
    {
      name: 'a Rollout with workloadRef has no pod template here',
      code: yaml('apiVersion: argoproj.io/v1alpha1', 'kind: Rollout', 'metadata:', '  name: api', 'spec:', '  workloadRef:', '    apiVersion: apps/v1', '    kind: Deployment', '    name: api'),
    },
    { name: 'not a workload', code: yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: api', 'data:', '  containers: "- name: api"') },
  ],
  invalid: [
    {
      name: 'fix aims at the first declared port, by name',
      code: deployment(...withPorts),
      errors: [
        {
          range: [9, 17, 9, 20],
          text: 'api',
          severity: 'warning',
          message: /^Container "api" has no readinessProbe.*Services send it requests/,
          fix: { title: /^Add a readinessProbe on port http$/, output: deployment(...withPorts, ...skeleton('http')) },
        },
      ],
    },
    {
      name: 'first port without a name: aimed at its number',
      code: deployment('- name: api', '  image: api:v1 # app', '  ports: [{containerPort: 8080}, {name: metrics, containerPort: 9090}]'),
      errors: [
        {
          range: [9, 17, 9, 20],
          fix: {
            title: /^Add a readinessProbe on port 8080$/,
            output: deployment('- name: api', '  image: api:v1 # app', '  ports: [{containerPort: 8080}, {name: metrics, containerPort: 9090}]', ...skeleton('8080')),
          },
        },
      ],
    },
    {
      name: 'a port name YAML would read as a boolean is quoted',
      code: deployment('- name: api', '  image: api:v1', '  ports: [{name: "on", containerPort: 8080}]'),
      errors: [{ range: [9, 17, 9, 20], fix: { output: deployment('- name: api', '  image: api:v1', '  ports: [{name: "on", containerPort: 8080}]', ...skeleton('"on"')) } }],
    },
    {
      name: 'CRLF kept',
      code: deployment('- name: api', '  ports:', '  - containerPort: 80', '  image: api:v1').replace(/\n/g, '\r\n'),
      errors: [{ range: [9, 17, 9, 20], fix: { output: deployment('- name: api', '  ports:', '  - containerPort: 80', '  image: api:v1', ...skeleton('80')).replace(/\n/g, '\r\n') } }],
    },
    {
      name: 'last line without a newline',
      code: deployment('- name: api', '  ports: [{name: http, containerPort: 80}]').trimEnd(),
      errors: [{ range: [9, 17, 9, 20], fix: { output: deployment('- name: api', '  ports: [{name: http, containerPort: 80}]', ...skeleton('http')).trimEnd() } }],
    },
    {
      name: 'container without a name: anchored on its first key',
      code: deployment('- image: api:v1', '  ports: [{name: http, containerPort: 80}]'),
      errors: [{ range: [9, 11, 9, 16], text: 'image', message: /^A container without a name has no readinessProbe/, fix: { output: deployment('- image: api:v1', '  ports: [{name: http, containerPort: 80}]', ...skeleton('http')) } }],
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
      name: 'an empty readinessProbe key is no probe (no fix: it would duplicate the key)',
      code: deployment('- name: api', '  image: api:v1', '  ports: [{containerPort: 80}]', '  readinessProbe:'),
      errors: [{ range: [9, 17, 9, 20], noFix: true }],
    },
    {
      name: 'a livenessProbe does not stand in for a readinessProbe; every regular container is checked',
      code: deployment('- name: api', '  image: api:v1', '  livenessProbe: {tcpSocket: {port: 80}}', '- name: worker', '  image: worker:v1'),
      errors: [{ range: [9, 17, 9, 20] }, { range: [12, 17, 12, 23], text: 'worker', message: /^Container "worker"/ }],
    },
    {
      name: 'name given by an alias to a value outside the container: anchored on the container\'s own first key',
      code: yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: &name api', 'spec:', '  containers:', '  - name: *name', '    image: api:v1'),
      errors: [{ range: [7, 5, 7, 9], text: 'name', message: /^Container "api" has no readinessProbe/ }],
    },
    {
      name: 'a bare Pod restarts by default: long-running',
      code: pod('containers:', '- name: web', '  image: web:v1'),
      errors: [{ range: [7, 11, 7, 14], text: 'web' }],
    },
    {
      name: 'a Pod with restartPolicy: Always',
      code: pod('restartPolicy: Always', 'containers:', '- name: web', '  image: web:v1'),
      errors: [{ range: [8, 11, 8, 14], text: 'web' }],
    },
    {
      name: 'a Rollout with a pod template, next to a Job in the same file',
      code:
        job('containers:', '- name: migrate', '  image: migrate:v1') +
        '---\n' +
        yaml('apiVersion: argoproj.io/v1alpha1', 'kind: Rollout', 'metadata:', '  name: api', 'spec:', '  template:', '    spec:', '      containers:', '      - name: api', '        image: api:v1'),
      errors: [{ range: [20, 15, 20, 18], text: 'api' }],
    },
    {
      name: 'StatefulSet and DaemonSet',
      code:
        yaml('apiVersion: apps/v1', 'kind: StatefulSet', 'metadata: {name: db}', 'spec:', '  template:', '    spec:', '      containers: [{name: db, image: "db:v1"}]') +
        '---\n' +
        yaml('apiVersion: apps/v1', 'kind: DaemonSet', 'metadata: {name: agent}', 'spec:', '  template:', '    spec:', '      containers: [{name: agent, image: "agent:v1"}]'),
      errors: [
        { range: [7, 27, 7, 29], text: 'db' },
        { range: [15, 27, 15, 32], text: 'agent' },
      ],
    },
  ],
});
