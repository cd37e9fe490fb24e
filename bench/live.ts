// (g) The image hover's latency with live data from a real kube-apiserver on 127.0.0.1 (the test
// harness's, built by scripts/ensure-apiserver.sh): the first hover of a fresh server (it loads
// dist/cluster.js and @kubernetes/client-node, reads the kubeconfig, asks the API server), then hovers
// after Refresh Live Data (kubeconfig read again, nothing cached, the Kubernetes client already loaded).
import { LspHarness } from '../test/fixtures/lsp/harness';
import { deployWorkload, startTestCluster } from '../test/fixtures/cluster/harness';
import { nowMs } from './stats';

export interface LiveHoverSamples {
  firstHoverMs: number;
  refreshedHoverMs: number[];
  clusterStartMs: number;
}

const IMAGE = `registry.example.com/shop/api:v2.5.0@sha256:${'9'.repeat(64)}`;
const MANIFEST = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', '  namespace: shop', 'spec:', '  template:', '    spec:', '      containers:', '        - name: api', `          image: ${IMAGE}`, ''].join('\n');

export async function measureLiveHover(samples: number): Promise<LiveHoverSamples> {
  const cluster = await startTestCluster();
  try {
    await cluster.api.createNamespace('shop');
    const imageID = `registry.example.com/shop/api@sha256:${'3'.repeat(64)}`;
    await deployWorkload(cluster.api, { namespace: 'shop', name: 'web', container: 'api', image: IMAGE, pods: [{ imageID }, { imageID }, { imageID }] });
    const harness = await LspHarness.started({ initializationOptions: { trusted: true }, env: { KUBECONFIG: cluster.kubeconfig() } });
    try {
      const uri = 'untitled:live-bench.yaml';
      await harness.open(uri, MANIFEST);
      const hover = async (): Promise<number> => {
        const start = nowMs();
        const text = await harness.hover(uri, { line: 10, character: 20 }, 30_000);
        const ms = nowMs() - start;
        if (!text.includes('**Live** — context `test`, namespace `shop`')) throw new Error(`the hover shows no live data:\n${text}`);
        return ms;
      };
      const firstHoverMs = await hover();
      const refreshedHoverMs: number[] = [];
      for (let i = 0; i < samples; i++) {
        await harness.connection.sendNotification('shipshape/refreshLive', {});
        refreshedHoverMs.push(await hover());
      }
      return { firstHoverMs, refreshedHoverMs, clusterStartMs: cluster.startupMs };
    } finally {
      harness.kill();
    }
  } finally {
    await cluster.stop();
  }
}
