// listTags against a real registry, and Link pagination through a proxy that pages the registry's
// answer (distribution 2.8 ignores n/last), with relative next links as other registries send them.
import assert from 'node:assert/strict';
import { RegistryClient } from '../../client/src/registry';
import { rejectsWith } from './harness/expect';
import { image, push, uniqueRepo, type PushTarget } from './harness/images';
import { startProxy, type Proxy, type ProxyRequest, type ProxyReply } from './harness/proxy';
import { startRegistry, type RunningRegistry } from './harness/registry';

describe('registry client: listTags', function () {
  let registry: RunningRegistry;
  let target: PushTarget;
  let repo: string;
  const tags = ['1.0.0', '1.0.1', '1.1.0', '2.0.0', 'latest'];

  before(async function () {
    registry = await startRegistry();
    target = { origin: registry.origin };
    repo = uniqueRepo();
    const pushed = image('oci');
    for (const tag of tags) await push(target, repo, tag, pushed);
  });
  after(async function () {
    await registry?.stop();
  });

  it('lists every tag of a repository', async function () {
    const client = new RegistryClient();
    assert.deepEqual((await client.listTags(`${registry.host}/${repo}`)).sort(), tags);
    client.close();
  });

  it('follows relative Link headers page by page', async function () {
    const pageSize = 2;
    const paging = async (req: ProxyRequest, forward: (req: ProxyRequest) => Promise<ProxyReply>): Promise<ProxyReply> => {
      if (!req.url.includes('/tags/list')) return forward(req);
      const url = new URL(req.url, 'http://proxy');
      const full = await forward({ ...req, url: url.pathname });
      const all = (JSON.parse(full.body!.toString()) as { tags: string[] }).tags.sort();
      const last = url.searchParams.get('last');
      const start = last === null ? 0 : all.indexOf(last) + 1;
      const page = all.slice(start, start + pageSize);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (start + pageSize < all.length) headers.link = `<${url.pathname}?n=${pageSize}&last=${encodeURIComponent(page[page.length - 1]!)}>; rel="next"`;
      return { status: 200, headers, body: JSON.stringify({ name: repo, tags: page }) };
    };
    const proxy: Proxy = await startProxy(registry.origin, paging);
    const client = new RegistryClient();
    try {
      assert.deepEqual(await client.listTags(`${proxy.host}/${repo}`), tags);
      const pages = proxy.requests.filter((r) => r.url.includes('/tags/list')).map((r) => r.url);
      assert.deepEqual(pages, [`/v2/${repo}/tags/list`, `/v2/${repo}/tags/list?n=2&last=1.0.1`, `/v2/${repo}/tags/list?n=2&last=2.0.0`]);
    } finally {
      client.close();
      await proxy.stop();
    }
  });

  it("says 'protocol' when the pages loop", async function () {
    const proxy = await startProxy(registry.origin, () => ({
      status: 200,
      headers: { 'content-type': 'application/json', link: `</v2/${repo}/tags/list?page=again>; rel="next"` },
      body: JSON.stringify({ tags: ['x'] }),
    }));
    try {
      await rejectsWith(new RegistryClient().listTags(`${proxy.host}/${repo}`), 'protocol', /in a loop/);
    } finally {
      await proxy.stop();
    }
  });

  it("says 'not-found' for a missing repository", async function () {
    const missing = uniqueRepo('nobody');
    const error = await rejectsWith(new RegistryClient().listTags(`${registry.host}/${missing}`), 'not-found', /repository .* does not exist/);
    assert.equal(error.missing, 'repository');
  });
});
