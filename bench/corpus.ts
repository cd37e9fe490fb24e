// The benchmark corpora, generated: one big multi-document file of Deployments, and a tree of ~1,000
// files shaped like a GitOps repository (bases, overlays, a few files that are not Kubernetes).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * One Deployment, realistic in shape (34 lines); every 7th uses `:latest`. `clean` gives what a team
 * that follows every rule writes: digest-pinned images and a liveness probe (no findings at all).
 */
export function deploymentDoc(i: number, clean = false): string {
  const version = i % 7 === 0 ? 'latest' : `v1.${i % 50}.${i % 9}`;
  const tag = clean ? `${version}@sha256:${(i.toString(16).padStart(8, '0')).repeat(8)}` : version;
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: service-${i}`,
    `  namespace: team-${i % 12}`,
    '  labels:',
    `    app: service-${i}`,
    '    tier: backend',
    'spec:',
    `  replicas: ${1 + (i % 4)}`,
    '  strategy:',
    '    type: RollingUpdate',
    '    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}',
    '  selector:',
    '    matchLabels:',
    `      app: service-${i}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: service-${i}`,
    '    spec:',
    '      containers:',
    `        - name: service-${i}`,
    `          image: registry.example.com:5000/team-${i % 12}/service-${i}:${tag}`,
    '          ports:',
    '            - name: http',
    '              containerPort: 8080',
    '          readinessProbe:',
    '            httpGet: {path: /ready, port: http}',
    ...(clean ? ['          livenessProbe:', '            httpGet: {path: /healthz, port: http}'] : []),
    '          env:',
    '            - name: LOG_LEVEL',
    '              value: info',
    '          resources:',
    '            requests: {cpu: 100m, memory: 128Mi}',
  ].join('\n');
}

/** `count` Deployments in one file, separated by `---`. */
export function manyDeployments(count: number, clean = false): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) docs.push(deploymentDoc(i, clean));
  return docs.join('\n---\n') + '\n';
}

/** A manifest of the size people open every day: a Deployment and its Service. */
export function typicalManifest(): string {
  return `${deploymentDoc(7)}\n---\n${serviceDoc('service-7', 'team-7')}`;
}

function serviceDoc(name: string, namespace: string): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  selector:',
    `    app: ${name}`,
    '  ports:',
    '    - name: http',
    '      port: 80',
    '      targetPort: http',
    '',
  ].join('\n');
}

function configMapDoc(name: string, namespace: string, i: number): string {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name}-config`,
    `  namespace: ${namespace}`,
    'data:',
    `  LOG_LEVEL: ${i % 5 === 0 ? 'debug' : 'info'}`,
    `  FEATURE_FLAGS: "checkout,search${i % 3 === 0 ? ',beta' : ''}"`,
    '  app.properties: |',
    `    server.port=8080`,
    `    cache.ttl=${30 + (i % 10)}s`,
    '',
  ].join('\n');
}

function statefulSetDoc(name: string, namespace: string, i: number): string {
  return [
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    `  serviceName: ${name}`,
    '  replicas: 3',
    '  selector:',
    `    matchLabels: {app: ${name}}`,
    '  template:',
    '    metadata:',
    `      labels: {app: ${name}}`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: postgres:16.${i % 4}`,
    '          ports:',
    '            - {name: pg, containerPort: 5432}',
    '          livenessProbe:',
    '            tcpSocket: {port: pg}',
    '          readinessProbe:',
    '            exec: {command: [pg_isready]}',
    '          volumeMounts:',
    '            - {name: data, mountPath: /var/lib/postgresql/data}',
    '  volumeClaimTemplates:',
    '    - metadata: {name: data}',
    '      spec:',
    '        accessModes: [ReadWriteOnce]',
    '        resources: {requests: {storage: 10Gi}}',
    '',
  ].join('\n');
}

function kustomizationDoc(resources: string[], imageName: string, i: number): string {
  const pin = i % 4 === 0 ? [`    digest: sha256:${(i * 2654435761).toString(16).padStart(8, '0').repeat(8)}`] : [];
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    ...resources.map((r) => `  - ${r}`),
    'images:',
    `  - name: ${imageName}`,
    `    newTag: ${i % 9 === 0 ? 'latest' : `v2.${i % 30}.0`}`,
    ...pin,
    '',
  ].join('\n');
}

/** YAML that is not Kubernetes, as repositories hold it next to manifests. */
function notKubernetesDoc(i: number): { name: string; text: string } {
  switch (i % 3) {
    case 0:
      return {
        name: 'compose.yaml',
        text: ['services:', '  app:', `    image: app:${i}`, '    ports: ["8080:8080"]', '  cache:', '    image: redis:7', ''].join('\n'),
      };
    case 1:
      return {
        name: 'ci.yml',
        text: ['name: ci', 'on: [push]', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - run: make test', ''].join('\n'),
      };
    default:
      return {
        name: 'values.yaml',
        text: ['replicaCount: 2', 'image:', '  repository: example/app', `  tag: "1.${i}.0"`, 'service:', '  type: ClusterIP', '  port: 80', ''].join('\n'),
      };
  }
}

export interface ManifestTree {
  root: string;
  files: number;
  bytes: number;
}

/**
 * Writes exactly `fileCount` YAML files under `root`: teams/<team>/<service>/base/{deployment,service,
 * configmap,kustomization}.yaml, some services with an overlay per environment or a StatefulSet, and
 * every 25th service with a file that is not Kubernetes.
 */
export async function writeManifestTree(root: string, fileCount = 1000): Promise<ManifestTree> {
  const files: Array<{ path: string; text: string }> = [];
  const add = (path: string, text: string) => {
    if (files.length < fileCount) files.push({ path, text });
  };
  for (let i = 0; files.length < fileCount; i++) {
    const team = `team-${i % 12}`;
    const name = `service-${i}`;
    const dir = join('teams', team, name);
    add(join(dir, 'base', 'deployment.yaml'), deploymentDoc(i) + '\n');
    add(join(dir, 'base', 'service.yaml'), serviceDoc(name, team));
    add(join(dir, 'base', 'configmap.yaml'), configMapDoc(name, team, i));
    const resources = ['deployment.yaml', 'service.yaml', 'configmap.yaml'];
    if (i % 10 === 3) {
      add(join(dir, 'base', 'statefulset.yaml'), statefulSetDoc(`${name}-db`, team, i));
      resources.push('statefulset.yaml');
    }
    add(join(dir, 'base', 'kustomization.yaml'), kustomizationDoc(resources, `registry.example.com:5000/${team}/${name}`, i));
    if (i % 8 === 0) {
      for (const env of ['staging', 'production']) add(join(dir, 'overlays', env, 'kustomization.yaml'), kustomizationDoc(['../../base'], `registry.example.com:5000/${team}/${name}`, i + 1));
    }
    if (i % 25 === 0) {
      const other = notKubernetesDoc(i / 25);
      add(join(dir, other.name), other.text);
    }
  }
  let bytes = 0;
  const dirs = new Set(files.map((f) => dirname(join(root, f.path))));
  for (const d of dirs) await mkdir(d, { recursive: true });
  for (const f of files) {
    await writeFile(join(root, f.path), f.text);
    bytes += Buffer.byteLength(f.text);
  }
  return { root, files: files.length, bytes };
}
