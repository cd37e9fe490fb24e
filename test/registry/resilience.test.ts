// What the network does to a client: a registry that never answers ('timeout'), 429 and 5xx with
// Retry-After (retried, then 'rate-limited'), cancellation during a retry wait, and the concurrency limit.
import assert from 'node:assert/strict';
import { RegistryClient } from '../../client/src/registry';
import { rejectsWith } from './harness/expect';
import { image, push, uniqueRepo, type Manifest } from './harness/images';
import { startProxy, startSilentServer, waitFor, type ProxyReply } from './harness/proxy';
import { startRegistry, type RunningRegistry } from './harness/registry';

describe('registry client: timeouts, retries and limits', function () {
  let registry: RunningRegistry;
  let repo: string;
  let pushed: Manifest;

  before(async function () {
    registry = await startRegistry();
    repo = uniqueRepo();
    pushed = image('oci');
    await push({ origin: registry.origin }, repo, 'v1', pushed);
  });
  after(async function () {
    await registry?.stop();
  });

  it("says 'timeout' within the configured timeout when the registry never answers", async function () {
    this.timeout(3000);
    const silent = await startSilentServer();
    try {
      const error = await rejectsWith(new RegistryClient({ timeoutMs: 300 }).resolveDigest(`${silent.host}/${repo}:v1`), 'timeout', /did not answer within 300 ms/);
      assert.ok(error.message.includes(silent.host));
      assert.equal(silent.accepted(), 1, 'a timeout is not retried');
    } finally {
      await silent.stop();
    }
  });

  /** A proxy answering manifest requests with `reply` the first `times` times (Infinity: always). */
  async function throttling(times: number, reply: ProxyReply) {
    let count = 0;
    return startProxy(registry.origin, (req, forward) => {
      if (!req.url.includes('/manifests/') || count >= times) return forward(req);
      count++;
      return reply;
    });
  }

  it('retries a 429 after Retry-After (seconds or an HTTP date) and then succeeds', async function () {
    for (const retryAfter of ['0', new Date(Date.now() - 60_000).toUTCString()]) {
      const proxy = await throttling(2, { status: 429, headers: { 'retry-after': retryAfter } });
      try {
        assert.equal((await new RegistryClient().resolveDigest(`${proxy.host}/${repo}:v1`)).digest, pushed.digest);
        assert.equal(proxy.requests.filter((r) => r.url.includes('/manifests/')).length, 3);
      } finally {
        await proxy.stop();
      }
    }
  });

  it('retries a 503 and then succeeds', async function () {
    const proxy = await throttling(1, { status: 503, headers: { 'retry-after': '0' } });
    try {
      assert.equal((await new RegistryClient().resolveDigest(`${proxy.host}/${repo}:v1`)).digest, pushed.digest);
    } finally {
      await proxy.stop();
    }
  });

  it("gives up after the retry bound with 'rate-limited'", async function () {
    const proxy = await throttling(Infinity, { status: 429, headers: { 'retry-after': '0' } });
    try {
      await rejectsWith(new RegistryClient({ maxRetries: 2 }).resolveDigest(`${proxy.host}/${repo}:v1`), 'rate-limited', /rate-limiting .* after 2 retries/);
      assert.equal(proxy.requests.length, 3);
    } finally {
      await proxy.stop();
    }
  });

  it('caps the wait a Retry-After asks for', async function () {
    this.timeout(900);
    const proxy = await throttling(1, { status: 429, headers: { 'retry-after': '5' } });
    try {
      assert.equal((await new RegistryClient({ maxRetryWaitMs: 20 }).resolveDigest(`${proxy.host}/${repo}:v1`)).digest, pushed.digest);
    } finally {
      await proxy.stop();
    }
  });

  it("rejects with 'cancelled' when aborted during a retry wait", async function () {
    this.timeout(2000);
    const proxy = await throttling(Infinity, { status: 429, headers: { 'retry-after': '30' } });
    try {
      const controller = new AbortController();
      const pending = new RegistryClient().resolveDigest(`${proxy.host}/${repo}:v1`, { signal: controller.signal });
      await waitFor(proxy.events, 'request', () => proxy.requests.length > 0);
      controller.abort();
      await rejectsWith(pending, 'cancelled');
      assert.equal(proxy.requests.length, 1);
    } finally {
      await proxy.stop();
    }
  });

  it('keeps at most maxConcurrency requests in flight', async function () {
    const tags = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const tag of tags) await push({ origin: registry.origin }, repo, tag, pushed);
    // The proxy holds each request a moment, so that an unlimited client would pile them up.
    const proxy = await startProxy(registry.origin, async (req, forward) => {
      await new Promise((resolve) => setTimeout(resolve, 25));
      return forward(req);
    });
    const client = new RegistryClient({ maxConcurrency: 2 });
    try {
      const results = await Promise.all(tags.map((tag) => client.resolveDigest(`${proxy.host}/${repo}:${tag}`)));
      assert.ok(results.every((r) => r.digest === pushed.digest));
      assert.equal(proxy.requests.length, tags.length);
      assert.equal(proxy.maxInFlight, 2);
    } finally {
      client.close();
      await proxy.stop();
    }
  });
});
