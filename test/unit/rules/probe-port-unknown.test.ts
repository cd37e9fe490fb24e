import assert from 'node:assert/strict';
import { findingsOf, ruleTester, yaml } from '../../helpers/rule-tester';

/** A Deployment whose container list starts on line 9, items at column 9. */
const deployment = (...container: string[]) =>
  yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', '  template:', '    spec:', '      containers:', ...container.map((l) => `        ${l}`));

/** Lines 9–15: a container declaring http (8080) and metrics (9090). */
const api = ['- name: api', '  image: api:v1', '  ports:', '  - name: http', '    containerPort: 8080', '  - name: metrics', '    containerPort: 9090'];
/** After `api`, the port value sits at line 19, column 21. */
const httpGet = (kind: string, port: string) => [`  ${kind}:`, '    httpGet:', '      path: /ready', `      port: ${port}`];
/** After `api`, the port value sits at line 17, column 31. */
const tcpSocket = (kind: string, port: string) => [`  ${kind}:`, `    tcpSocket: {port: ${port}}`];
const grpc = (kind: string, port: string) => [`  ${kind}:`, '    grpc:', `      port: ${port}`];

ruleTester('probe-port-unknown', {
  valid: [
    deployment(...api, ...httpGet('readinessProbe', 'http')),
    deployment(...api, ...tcpSocket('livenessProbe', '8080')),
    { name: 'a digit string matching a containerPort', code: deployment(...api, ...httpGet('readinessProbe', '"8080"')) },
    { name: 'a number with no declared ports: ports are informational', code: deployment('- name: api', '  image: api:v1', ...tcpSocket('livenessProbe', '1234')) },
    { name: 'gRPC probe on a declared number', code: deployment(...api, ...grpc('startupProbe', '9090')) },
    { name: 'a value filled in by a templating step', code: deployment(...api, ...httpGet('readinessProbe', '"${PROBE_PORT}"')) },
    { name: 'an exec probe has no port', code: deployment(...api, '  livenessProbe:', '    exec: {command: [cat, /tmp/healthy]}') },
    {
      name: 'each container resolves its own port names',
      code: deployment(...api, ...tcpSocket('readinessProbe', 'metrics'), '- name: proxy', '  image: proxy:v1', '  ports: [{name: admin, containerPort: 15000}]', ...tcpSocket('readinessProbe', 'admin')),
    },
    { name: 'a probe given by an alias to a whole map', code: yaml('x-probe: &probe {httpGet: {path: /, port: http}}') + deployment(...api, '  readinessProbe: *probe') },
  ],
  invalid: [
    {
      name: 'named port that no ports[].name declares',
      code: deployment(...api, ...httpGet('readinessProbe', 'htp')),
      errors: [
        {
          range: [19, 21, 19, 24],
          text: 'htp',
          severity: 'error',
          message: /^readinessProbe\.httpGet\.port "htp" names no port of container "api" \(it declares http \(8080\), metrics \(9090\)\): the kubelet cannot resolve it.*never becomes Ready/,
          fix: { title: /^Probe port http \(8080\)$/, output: deployment(...api, ...httpGet('readinessProbe', 'http')) },
        },
      ],
    },
    {
      name: 'named port: one fix per declared port',
      code: deployment(...api, ...httpGet('readinessProbe', 'htp')),
      errors: [{ range: [19, 21, 19, 24], fix: { title: /^Probe port metrics \(9090\)$/, output: deployment(...api, ...httpGet('readinessProbe', 'metrics')) } }],
    },
    {
      name: 'named port declared only by another container',
      code: deployment(...api, '- name: sidecar', '  image: sidecar:v1', '  livenessProbe: {tcpSocket: {port: http}}'),
      errors: [{ range: [18, 45, 18, 49], text: 'http', severity: 'error', message: /container "sidecar" \(it declares no ports\).*restarts the container over and over/, noFix: true }],
    },
    {
      name: 'number not among the declared containerPorts: a warning',
      code: deployment(...api, ...tcpSocket('livenessProbe', '8081')),
      errors: [
        {
          range: [17, 31, 17, 35],
          text: '8081',
          severity: 'warning',
          message: /^livenessProbe\.tcpSocket\.port 8081 is not a containerPort of container "api" \(it declares http \(8080\), metrics \(9090\)\)/,
          fix: { title: /^Probe port http \(8080\)$/, output: deployment(...api, ...tcpSocket('livenessProbe', 'http')) },
        },
      ],
    },
    {
      name: 'digit string not among the declared containerPorts: the quotes go too',
      code: deployment(...api, ...httpGet('startupProbe', '"9000"')),
      errors: [{ range: [19, 21, 19, 27], text: '"9000"', severity: 'warning', message: /startupProbe.*before it ever finishes starting/, fix: { title: /metrics/, output: deployment(...api, ...httpGet('startupProbe', 'metrics')) } }],
    },
    {
      name: 'gRPC port given by name: gRPC takes numbers only, even for a declared name',
      code: deployment('- name: api', '  image: api:v1', '  ports: [{name: grpc, containerPort: 9090}]', ...grpc('readinessProbe', 'grpc')),
      errors: [
        {
          range: [14, 21, 14, 25],
          text: 'grpc',
          severity: 'error',
          message: /^readinessProbe\.grpc\.port "grpc" of container "api" is a name, but gRPC probes take only a port number.*Use 9090, the number of port "grpc"\.$/,
          fix: { title: /^Probe port 9090$/, output: deployment('- name: api', '  image: api:v1', '  ports: [{name: grpc, containerPort: 9090}]', ...grpc('readinessProbe', '9090')) },
        },
      ],
    },
    {
      name: 'gRPC port number not declared',
      code: deployment(...api, ...grpc('livenessProbe', '9091')),
      errors: [{ range: [18, 21, 18, 25], severity: 'warning', fix: { title: /^Probe port 9090$/, output: deployment(...api, ...grpc('livenessProbe', '9090')) } }],
    },
    {
      name: 'CRLF kept',
      code: deployment(...api, ...httpGet('readinessProbe', 'web # app')).replace(/\n/g, '\r\n'),
      errors: [{ range: [19, 21, 19, 24], text: 'web', fix: { title: /http/, output: deployment(...api, ...httpGet('readinessProbe', 'http # app')).replace(/\n/g, '\r\n') } }],
    },
    {
      name: 'port given by an alias: reported and replaced where the alias is',
      code: yaml('x-port: &port web') + deployment(...api, ...httpGet('readinessProbe', '*port')),
      errors: [{ range: [20, 21, 20, 26], text: '*port', fix: { title: /http/, output: yaml('x-port: &port web') + deployment(...api, ...httpGet('readinessProbe', 'http')) } }],
    },
    {
      name: 'flow-style container: the value is still replaced in place',
      code: deployment('- {name: api, ports: [{name: http, containerPort: 80}], readinessProbe: {tcpSocket: {port: web}}}'),
      errors: [{ range: [9, 100, 9, 103], text: 'web', fix: { output: deployment('- {name: api, ports: [{name: http, containerPort: 80}], readinessProbe: {tcpSocket: {port: http}}}') } }],
    },
    {
      name: 'a port without a name is offered by number; a container without a name is described',
      code: deployment('- image: api:v1', '  ports: [{containerPort: 8080}]', ...tcpSocket('readinessProbe', 'http')),
      errors: [{ range: [12, 31, 12, 35], message: /names no port of a container without a name \(it declares 8080\)/, fix: { title: /^Probe port 8080$/, output: deployment('- image: api:v1', '  ports: [{containerPort: 8080}]', ...tcpSocket('readinessProbe', '8080')) } }],
    },
    {
      name: 'every container role and every workload kind is checked: Job, init sidecar',
      code: yaml(
        'apiVersion: batch/v1',
        'kind: Job',
        'metadata: {name: migrate}',
        'spec:',
        '  template:',
        '    spec:',
        '      initContainers:',
        '      - name: proxy',
        '        restartPolicy: Always',
        '        ports: [{name: admin, containerPort: 15000}]',
        '        startupProbe: {httpGet: {path: /ready, port: admn}}',
        '      containers:',
        '      - name: migrate',
        '        ports: [{containerPort: 8080}]',
        '        livenessProbe: {tcpSocket: {port: 8081}}',
      ),
      errors: [
        { range: [11, 54, 11, 58], text: 'admn', severity: 'error', message: /container "proxy"/ },
        { range: [15, 43, 15, 47], text: '8081', severity: 'warning', message: /container "migrate"/ },
      ],
    },
  ],
});

describe('probe-port-unknown fixes', () => {
  it('offers at most five ports, the only one as preferred', () => {
    const ports = [8080, 8081, 8082, 8083, 8084, 8085].map((n) => `{containerPort: ${n}}`).join(', ');
    const [many] = findingsOf('probe-port-unknown', { code: deployment('- name: api', `  ports: [${ports}]`, ...tcpSocket('readinessProbe', 'http')) });
    assert.deepEqual(
      many?.fixes?.().map((f) => [f.title, f.preferred ?? false]),
      [8080, 8081, 8082, 8083, 8084].map((n) => [`Probe port ${n}`, false]),
    );
    const [one] = findingsOf('probe-port-unknown', { code: deployment('- name: api', '  ports: [{name: http, containerPort: 8080}]', ...tcpSocket('readinessProbe', 'web')) });
    assert.deepEqual(
      one?.fixes?.().map((f) => [f.title, f.preferred ?? false]),
      [['Probe port http (8080)', true]],
    );
  });
});
