// The servers the runner starts before any VS Code session, shared by all sessions: each adds its part of
// the E2eContext the suite reads, the substitutions fixture files use and the environment code-server
// (so the extension host and language server) runs with. Another server, say a Kubernetes API server
// for the live hover, is one more entry in SERVICES, one more key in E2eContext and, for a kubeconfig,
// `env: { KUBECONFIG: … }`.
import assert from 'node:assert/strict';
import { request } from '../../registry/harness/http';
import { image, push, DOCKER_LIST, DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST } from '../../registry/harness/images';
import { startRegistry } from '../../registry/harness/registry';
import { deployWorkload, startTestCluster } from '../../fixtures/cluster/harness';
import { digestPlaceholder, REGISTRY_PLACEHOLDER, type E2eContext } from '../protocol';

export interface StartedService {
  name: string;
  context: E2eContext;
  /** Placeholder → value, applied to every fixture file the sessions open. */
  substitutions: Record<string, string>;
  /** Added to code-server's environment, which the extension host and the language server inherit. */
  env?: Record<string, string>;
  stop(): Promise<void>;
}

/** The images the pin scenarios and the UI checks name. */
const IMAGES = ['team/web:1.0', 'team/worker:2.1', 'team/web:latest'];

async function startImageRegistry(): Promise<StartedService> {
  const registry = await startRegistry();
  try {
    const digests: Record<string, string> = {};
    for (const name of IMAGES) {
      const [repository, tag] = name.split(':') as [string, string];
      const manifest = image('oci');
      await push({ origin: registry.origin }, repository, tag, manifest);
      // The digest the registry itself reports, asked the way a client asks.
      const reply = await request(`${registry.origin}/v2/${repository}/manifests/${tag}`, {
        method: 'HEAD',
        headers: { Accept: [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST].join(', ') },
      });
      const digest = reply.headers['docker-content-digest'];
      assert.equal(reply.status, 200, `HEAD ${name}`);
      assert.equal(digest, manifest.digest, `the registry's digest for ${name} is the sha256 of the pushed manifest`);
      digests[name] = digest;
    }
    return {
      name: `registry ${registry.host}`,
      context: { registry: { host: registry.host, digests } },
      substitutions: { [REGISTRY_PLACEHOLDER]: registry.host, ...Object.fromEntries(Object.entries(digests).map(([name, digest]) => [digestPlaceholder(name), digest])) },
      stop: () => registry.stop(),
    };
  } catch (error) {
    await registry.stop();
    throw error;
  }
}

/**
 * A real kube-apiserver whose pods (status written as a kubelet would) run the pushed images: in `shop`,
 * `web` runs team/web:1.0 as its manifest pins it and `old` still runs team/worker:2.1; in `default`, the
 * workbench fixture's `web` (team/web:latest) still runs the build of team/web:1.0 (the deploy that didn't
 * deploy).
 */
async function startLiveCluster(before: E2eContext): Promise<StartedService> {
  const registry = before.registry;
  assert.ok(registry, 'the cluster service runs the registry service’s images: start that first');
  const cluster = await startTestCluster();
  try {
    const namespace = 'shop';
    await cluster.api.createNamespace(namespace);
    const web = registry.digests['team/web:1.0']!;
    const worker = registry.digests['team/worker:2.1']!;
    const image = `${registry.host}/team/web:1.0@${web}`;
    const imageID = (digest: string) => `docker-pullable://${registry.host}/team/web@${digest}`;
    await deployWorkload(cluster.api, { namespace, name: 'web', container: 'web', image, pods: [{ imageID: imageID(web) }, { imageID: imageID(web) }] });
    await deployWorkload(cluster.api, { namespace, name: 'old', container: 'web', image, pods: [{ imageID: imageID(worker) }, { imageID: imageID(worker) }, { imageID: imageID(worker) }] });
    await deployWorkload(cluster.api, { namespace: 'default', name: 'web', container: 'web', image: `${registry.host}/team/web:latest`, pods: [{ imageID: imageID(web) }, { imageID: imageID(web) }] });
    return {
      name: `kube-apiserver ${cluster.server}`,
      context: { cluster: { context: 'test', namespace, running: { web, old: worker } } },
      substitutions: {},
      env: { KUBECONFIG: cluster.kubeconfig({ context: 'test' }) },
      stop: () => cluster.stop(),
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** Started in order; each sees what those before it put in the context. */
const SERVICES: ((before: E2eContext) => Promise<StartedService>)[] = [startImageRegistry, startLiveCluster];

export interface Services {
  context: E2eContext;
  substitutions: Record<string, string>;
  env: Record<string, string>;
  describe: string[];
  stop(): Promise<void>;
}

export async function startServices(): Promise<Services> {
  const started: StartedService[] = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(started.reverse().map((s) => s.stop()));
  };
  try {
    for (const start of SERVICES) started.push(await start(Object.assign({}, ...started.map((s) => s.context)) as E2eContext));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    context: Object.assign({}, ...started.map((s) => s.context)) as E2eContext,
    substitutions: Object.assign({}, ...started.map((s) => s.substitutions)) as Record<string, string>,
    env: Object.assign({}, ...started.map((s) => s.env ?? {})) as Record<string, string>,
    describe: started.map((s) => s.name),
    stop,
  };
}
