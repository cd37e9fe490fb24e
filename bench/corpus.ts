// Generates the benchmark corpora: many Deployments in one file, realistic in shape (~34 lines each).
export function deploymentDoc(i: number): string {
  const tag = i % 7 === 0 ? 'latest' : `v1.${i % 50}.${i % 9}`;
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
    '          env:',
    '            - name: LOG_LEVEL',
    '              value: info',
    '          resources:',
    '            requests: {cpu: 100m, memory: 128Mi}',
  ].join('\n');
}

export function manyDeployments(count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) docs.push(deploymentDoc(i));
  return docs.join('\n---\n') + '\n';
}
