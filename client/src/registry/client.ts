// The OCI distribution client: resolve a reference to its digest, list a repository's tags. Handles
// Bearer and Basic auth, TLS options, plain HTTP for loopback and listed registries, redirects, retries
// on 429/5xx, a concurrency limit and a short digest cache. Imports no vscode; logs nothing.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { canonicalRef, parseImageRef, type ImageRef } from '../../../server/src/engine/image-ref';
import { RegistryError } from './errors';
import { exchange, PlainHttpServerError, type HttpResponse } from './http';
import { abortableDelay, Limiter } from './limiter';
import { nearestTags } from './nearest-tags';
import {
  INDEX_MEDIA_TYPES,
  MEDIA_TYPES,
  type CallOptions,
  type Credential,
  type Platform,
  type RegistryClientOptions,
  type ResolvedDigest,
  type ResolveOptions,
} from './types';
import { parseWwwAuthenticate, type Challenge } from './www-authenticate';

const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);
const MANIFEST_ACCEPT = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest].join(', ');
const MAX_REDIRECTS = 5;
const MAX_TAG_PAGES = 1000;
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_TAGS_PAGE_BYTES = 16 * 1024 * 1024;
const MAX_TOKEN_BYTES = 1024 * 1024;
const DEFAULT_TOKEN_LIFETIME_S = 60;
const DIGEST_FORMAT = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** A repository as the client addresses it. */
interface Repository {
  /** As in the reference: `docker.io`, `127.0.0.1:5000`. Used for credentials and messages. */
  registry: string;
  /** Where the API lives: `registry-1.docker.io` for Docker Hub, else the registry itself. */
  apiHost: string;
  path: string;
}

interface SendOptions {
  method: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Sent only to this host[:port], never after a redirect elsewhere. */
  authorization?: string | undefined;
  authHost?: string;
  signal?: AbortSignal | undefined;
  maxBodyBytes: number;
}

type HostAuth = { kind: 'bearer'; realm: string; service: string } | { kind: 'basic' };

export class RegistryClient {
  private readonly timeoutMs: number;
  private readonly cacheTtlMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;
  private readonly userAgent: string;
  private readonly now: () => number;
  private readonly limiter: Limiter;
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private httpsAgent: Promise<https.Agent> | undefined;
  /** Hosts allowed plain HTTP that turned out not to speak TLS. */
  private readonly plainHttpHosts = new Set<string>();
  private readonly hostAuth = new Map<string, HostAuth>();
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  private readonly pendingTokens = new Map<string, Promise<string>>();
  private readonly digests = new Map<string, { value: ResolvedDigest; expiresAt: number }>();

  constructor(private readonly options: RegistryClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 30_000;
    this.userAgent = options.userAgent ?? 'shipshape-registry-client';
    this.now = options.now ?? Date.now;
    this.limiter = new Limiter(Math.max(1, options.maxConcurrency ?? 8));
  }

  /** The digest a reference points at now (for a multi-arch image, the index's digest). */
  async resolveDigest(reference: string | ImageRef, options: ResolveOptions = {}): Promise<ResolvedDigest> {
    const ref = toImageRef(reference);
    const key = canonicalRef(ref);
    const cached = this.digests.get(key);
    if (!options.noCache && cached && cached.expiresAt > this.now() && (!options.platforms || cached.value.platforms || !isIndex(cached.value.mediaType))) {
      return structuredClone(cached.value);
    }
    const repo = repositoryOf(ref);
    const manifestUrl = (id: string): string => `/v2/${repo.path}/manifests/${id}`;
    const { signal } = options;

    const head = await this.registryRequest(repo, manifestUrl(ref.digest ?? ref.tag ?? 'latest'), { method: 'HEAD', headers: { Accept: MANIFEST_ACCEPT }, signal, maxBodyBytes: MAX_MANIFEST_BYTES });
    if (head.status === 404) throw await this.notFound(repo, ref, signal);
    if (!isOk(head.status)) throw this.unexpected(head, repo);
    let digest = header(head, 'docker-content-digest');
    let mediaType = mediaTypeOf(head);
    let manifest: Buffer | undefined;

    if (digest === undefined || (options.platforms && isIndex(mediaType))) {
      // Fetch by digest when known, so that a tag moving in between cannot mix two manifests.
      const id = digest ?? ref.digest ?? ref.tag ?? 'latest';
      const get = await this.registryRequest(repo, manifestUrl(id), { method: 'GET', headers: { Accept: MANIFEST_ACCEPT }, signal, maxBodyBytes: MAX_MANIFEST_BYTES });
      if (get.status === 404) throw await this.notFound(repo, ref, signal);
      if (!isOk(get.status)) throw this.unexpected(get, repo);
      manifest = get.body;
      const computed = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
      const claimed = header(get, 'docker-content-digest') ?? digest ?? ref.digest;
      if (claimed !== undefined && claimed.startsWith('sha256:') && claimed !== computed) {
        throw new RegistryError('protocol', `${repo.registry} sent a manifest for ${repo.path} whose sha256 (${computed}) does not match the digest it claims (${claimed})`, { registry: repo.registry, repository: repo.path });
      }
      digest = claimed ?? computed;
      mediaType = mediaTypeOf(get) ?? mediaTypeInBody(manifest) ?? mediaType;
    }
    if (!DIGEST_FORMAT.test(digest)) {
      throw new RegistryError('protocol', `${repo.registry} answered with a malformed digest "${digest}" for ${repo.path}`, { registry: repo.registry, repository: repo.path });
    }
    if (ref.digest !== undefined && digest !== ref.digest) {
      throw new RegistryError('protocol', `${repo.registry} answered ${digest} when asked for ${ref.digest} in ${repo.path}`, { registry: repo.registry, repository: repo.path });
    }

    const value: ResolvedDigest = { digest, mediaType: mediaType ?? 'application/octet-stream' };
    if (options.platforms && manifest && isIndex(value.mediaType)) value.platforms = platformsIn(manifest);
    if (this.cacheTtlMs > 0) this.digests.set(key, { value: structuredClone(value), expiresAt: this.now() + this.cacheTtlMs });
    return value;
  }

  /** All tags of a repository (`127.0.0.1:5000/team/app`, `nginx`), following `Link` pagination. Unsorted, as the registry lists them. */
  async listTags(repository: string | ImageRef, options: CallOptions = {}): Promise<string[]> {
    return this.tagsOf(repositoryOf(toImageRef(repository)), options.signal);
  }

  /** Closes idle keep-alive connections. The client stays usable. */
  close(): void {
    this.httpAgent.destroy();
    void this.httpsAgent?.then((agent) => agent.destroy(), () => undefined);
    this.httpsAgent = undefined;
  }

  private async tagsOf(repo: Repository, signal: AbortSignal | undefined): Promise<string[]> {
    const tags: string[] = [];
    const seen = new Set<string>();
    let target: string | URL = `/v2/${repo.path}/tags/list`;
    for (let page = 0; ; page++) {
      if (page >= MAX_TAG_PAGES) throw new RegistryError('protocol', `${repo.registry} returned more than ${MAX_TAG_PAGES} pages of tags for ${repo.path}`, { registry: repo.registry });
      const response = await this.registryRequest(repo, target, { method: 'GET', headers: { Accept: 'application/json' }, signal, maxBodyBytes: MAX_TAGS_PAGE_BYTES });
      if (response.status === 404) throw repositoryNotFound(repo);
      if (!isOk(response.status)) throw this.unexpected(response, repo);
      const list = parseJson(response.body) as { tags?: unknown } | undefined;
      if (!list || (list.tags !== null && list.tags !== undefined && !Array.isArray(list.tags))) {
        throw new RegistryError('protocol', `${repo.registry} sent a tag list for ${repo.path} that is not {"tags": [...]}`, { registry: repo.registry });
      }
      for (const tag of (list.tags as unknown[] | null | undefined) ?? []) if (typeof tag === 'string') tags.push(tag);
      const next = nextLink(response.headers.link);
      if (next === undefined) return tags;
      const url = new URL(next, response.url);
      if (seen.has(url.href)) throw new RegistryError('protocol', `${repo.registry} paginates the tags of ${repo.path} in a loop`, { registry: repo.registry });
      seen.add(url.href);
      target = url;
    }
  }

  /** A request to the registry's API, authenticating after a 401 (and once more if a cached token went stale). */
  private async registryRequest(repo: Repository, target: string | URL, options: SendOptions): Promise<HttpResponse> {
    const url = typeof target === 'string' ? new URL(target, `${this.schemeFor(repo.apiHost)}//${repo.apiHost}`) : target;
    const scope = `repository:${repo.path}:pull`;
    const remembered = await this.rememberedAuthorization(repo, scope);
    const first = await this.send(url, { ...options, authorization: remembered, authHost: repo.apiHost });
    if (first.status !== 401) return first;
    const authorization = await this.authorize(repo, parseWwwAuthenticate(first.headers['www-authenticate']), scope, remembered, options.signal);
    const second = await this.send(url, { ...options, authorization, authHost: repo.apiHost });
    if (second.status === 401) throw await this.authFailure(repo, second, authorization);
    return second;
  }

  private async rememberedAuthorization(repo: Repository, scope: string): Promise<string | undefined> {
    const auth = this.hostAuth.get(repo.apiHost);
    if (auth?.kind === 'bearer') {
      const cached = this.tokens.get(tokenKey(auth.realm, auth.service, scope));
      return cached && cached.expiresAt > this.now() ? `Bearer ${cached.token}` : undefined;
    }
    if (auth?.kind === 'basic') {
      const credential = await this.credentialFor(repo);
      return credential && 'username' in credential ? basicAuthorization(credential) : undefined;
    }
    return undefined;
  }

  private async authorize(repo: Repository, challenges: Challenge[], scope: string, stale: string | undefined, signal: AbortSignal | undefined): Promise<string> {
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
    const basic = challenges.find((c) => c.scheme === 'basic');
    const credential = await this.credentialFor(repo);
    if (bearer) {
      const realm = bearer.params.realm!;
      const service = bearer.params.service ?? '';
      const tokenScope = bearer.params.scope ?? scope;
      this.hostAuth.set(repo.apiHost, { kind: 'bearer', realm, service });
      const key = tokenKey(realm, service, tokenScope);
      if (stale !== undefined && stale === `Bearer ${this.tokens.get(key)?.token}`) this.tokens.delete(key);
      return `Bearer ${await this.token(repo, realm, service, tokenScope, credential, signal)}`;
    }
    if (basic) {
      if (!credential) {
        throw new RegistryError('unauthorized', `${repo.registry} requires a login to pull ${repo.path}, and no credentials are configured for ${repo.registry}`, { registry: repo.registry, repository: repo.path, status: 401 });
      }
      if (!('username' in credential)) {
        throw new RegistryError('unauthorized', `${repo.registry} only accepts a user name and password, but its configured credential is an identity token`, { registry: repo.registry, status: 401 });
      }
      this.hostAuth.set(repo.apiHost, { kind: 'basic' });
      return basicAuthorization(credential);
    }
    throw new RegistryError('protocol', `${repo.registry} asked for authentication without a Bearer or Basic challenge`, { registry: repo.registry, status: 401 });
  }

  private async authFailure(repo: Repository, response: HttpResponse, sent: string): Promise<RegistryError> {
    const challenge = parseWwwAuthenticate(response.headers['www-authenticate'])[0];
    const credential = await this.credentialFor(repo);
    const who = credential ? `the credentials configured for ${repo.registry}` : `anonymous access to ${repo.registry}`;
    const details = { registry: repo.registry, repository: repo.path, status: 401 };
    if (challenge?.params.error === 'insufficient_scope') {
      return new RegistryError('insufficient-scope', `${who} do not allow pulling ${repo.path} (insufficient scope); the repository may be private or may not exist`, details);
    }
    if (sent.startsWith('Basic ')) {
      return new RegistryError('unauthorized', `${repo.registry} rejected the user name and password configured for it`, details);
    }
    if (!credential) {
      return new RegistryError('unauthorized', `${repo.registry} requires a login to pull ${repo.path}, and no credentials are configured for ${repo.registry}`, details);
    }
    return new RegistryError('unauthorized', `${repo.registry} rejected the token obtained with the credentials configured for it`, details);
  }

  private async credentialFor(repo: Repository): Promise<Credential | undefined> {
    return this.options.credentials?.get(repo.registry);
  }

  private token(repo: Repository, realm: string, service: string, scope: string, credential: Credential | undefined, signal: AbortSignal | undefined): Promise<string> {
    const key = tokenKey(realm, service, scope);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.now()) return Promise.resolve(cached.token);
    let pending = this.pendingTokens.get(key);
    if (!pending) {
      pending = this.fetchToken(repo, realm, service, scope, credential, signal).finally(() => this.pendingTokens.delete(key));
      this.pendingTokens.set(key, pending);
    }
    return pending;
  }

  private async fetchToken(repo: Repository, realm: string, service: string, scope: string, credential: Credential | undefined, signal: AbortSignal | undefined): Promise<string> {
    let realmUrl: URL;
    try {
      realmUrl = new URL(realm);
    } catch {
      throw new RegistryError('protocol', `${repo.registry} names an invalid token service "${realm}"`, { registry: repo.registry });
    }
    if (realmUrl.protocol !== 'https:' && realmUrl.protocol !== 'http:') {
      throw new RegistryError('protocol', `${repo.registry} names a token service that is not http(s): ${realmUrl.protocol}`, { registry: repo.registry });
    }
    if (credential && realmUrl.protocol === 'http:' && !this.allowsPlainHttp(realmUrl.host)) {
      throw new RegistryError('protocol', `refusing to send the credentials for ${repo.registry} to its token service ${realmUrl.host} over plain HTTP; list ${realmUrl.host} in insecureRegistries if that is intended`, { registry: repo.registry });
    }
    const form = new URLSearchParams();
    if (service) form.set('service', service);
    for (const part of scope.split(' ').filter(Boolean)) form.append('scope', part);
    let response: HttpResponse;
    const common = { authHost: realmUrl.host, signal, maxBodyBytes: MAX_TOKEN_BYTES };
    if (credential && 'identityToken' in credential) {
      form.set('grant_type', 'refresh_token');
      form.set('client_id', this.userAgent);
      form.set('refresh_token', credential.identityToken);
      response = await this.send(realmUrl, { ...common, method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    } else {
      if (credential) form.set('account', credential.username);
      const url = new URL(realmUrl);
      for (const [name, value] of form) url.searchParams.append(name, value);
      response = await this.send(url, { ...common, method: 'GET', authorization: credential ? basicAuthorization(credential) : undefined });
    }
    if (response.status === 401 || response.status === 403) {
      const message = credential
        ? `the token service of ${repo.registry} (${realmUrl.host}) rejected the credentials configured for ${repo.registry}`
        : `${repo.registry} requires a login to pull ${repo.path}, and no credentials are configured for ${repo.registry}`;
      throw new RegistryError('unauthorized', message, { registry: repo.registry, repository: repo.path, status: response.status });
    }
    if (!isOk(response.status)) throw this.unexpected(response, repo);
    const body = parseJson(response.body) as { token?: unknown; access_token?: unknown; expires_in?: unknown } | undefined;
    const token = typeof body?.token === 'string' && body.token ? body.token : typeof body?.access_token === 'string' ? body.access_token : undefined;
    if (!token) throw new RegistryError('protocol', `the token service of ${repo.registry} (${realmUrl.host}) answered without a token`, { registry: repo.registry });
    const lifetime = typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_LIFETIME_S;
    // Renew a little early so a token does not expire between the check and the request.
    const margin = Math.min(10, lifetime / 10);
    this.tokens.set(tokenKey(realm, service, scope), { token, expiresAt: this.now() + (lifetime - margin) * 1000 });
    return token;
  }

  /** One logical request: follows redirects (dropping Authorization off the auth host), retries 429 and 5xx, falls back to plain HTTP where allowed. */
  private async send(start: URL, options: SendOptions): Promise<HttpResponse> {
    let url = start.protocol === 'https:' && this.plainHttpHosts.has(start.host) ? withProtocol(start, 'http:') : start;
    let method = options.method;
    let body = options.body;
    let redirects = 0;
    let retries = 0;
    for (;;) {
      const headers: Record<string, string> = { 'User-Agent': this.userAgent, ...options.headers };
      if (options.authorization !== undefined && url.host === options.authHost) headers.Authorization = options.authorization;
      if (body === undefined) delete headers['Content-Type'];
      let response: HttpResponse;
      try {
        const agent = url.protocol === 'https:' ? await this.secureAgent() : this.httpAgent;
        const exchangeOptions = {
          method,
          headers,
          body,
          signal: options.signal,
          timeoutMs: this.timeoutMs,
          maxBodyBytes: options.maxBodyBytes,
          agent,
          rejectUnauthorized: !matchesHost(this.options.skipTlsVerify, url.host),
        };
        response = await this.limiter.run(() => exchange(url, exchangeOptions), options.signal, url.host);
      } catch (error) {
        if (!(error instanceof PlainHttpServerError)) throw error;
        if (!this.allowsPlainHttp(url.host)) {
          throw new RegistryError('tls', `${url.host} answered in plain HTTP to an HTTPS request; list it in insecureRegistries if it really has no TLS`, { registry: url.host, cause: error });
        }
        this.plainHttpHosts.add(url.host);
        url = withProtocol(url, 'http:');
        continue;
      }

      const location = header(response, 'location');
      if (response.status >= 300 && response.status < 400 && response.status !== 304 && location !== undefined) {
        if (++redirects > MAX_REDIRECTS) throw new RegistryError('protocol', `${start.host} redirected more than ${MAX_REDIRECTS} times for ${start.pathname}`, { registry: start.host });
        const next = new URL(location, url);
        if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new RegistryError('protocol', `${url.host} redirected to an unsupported URL scheme ${next.protocol}`, { registry: url.host });
        if (next.protocol === 'http:' && url.protocol === 'https:' && !this.allowsPlainHttp(next.host)) {
          throw new RegistryError('protocol', `${url.host} redirected from HTTPS to plain HTTP (${next.host}); refusing to follow`, { registry: url.host });
        }
        if (response.status === 303 && method === 'POST') {
          method = 'GET';
          body = undefined;
        }
        url = next;
        continue;
      }

      const retryable = response.status === 429 || (response.status >= 500 && response.status !== 501 && response.status !== 505);
      if (retryable && retries < this.maxRetries) {
        retries++;
        await abortableDelay(this.retryWait(response, retries), options.signal, url.host);
        continue;
      }
      return response;
    }
  }

  private retryWait(response: HttpResponse, attempt: number): number {
    const retryAfter = header(response, 'retry-after');
    let wait: number | undefined;
    if (retryAfter !== undefined) {
      if (/^\d+$/.test(retryAfter.trim())) wait = Number(retryAfter.trim()) * 1000;
      else {
        const at = Date.parse(retryAfter);
        if (!Number.isNaN(at)) wait = Math.max(0, at - Date.now());
      }
    }
    wait ??= 500 * 2 ** (attempt - 1);
    return Math.min(wait, this.maxRetryWaitMs);
  }

  private secureAgent(): Promise<https.Agent> {
    this.httpsAgent ??= (async () => {
      const caFile = this.options.caFile;
      if (caFile === undefined) return new https.Agent({ keepAlive: true });
      let extra: string;
      try {
        extra = await readFile(caFile, 'utf8');
      } catch (error) {
        this.httpsAgent = undefined;
        throw new RegistryError('tls', `cannot read the CA file ${caFile} (option caFile): ${(error as Error).message}`, { cause: error });
      }
      return new https.Agent({ keepAlive: true, ca: [...tls.rootCertificates, extra] });
    })();
    return this.httpsAgent;
  }

  private schemeFor(host: string): 'http:' | 'https:' {
    return this.plainHttpHosts.has(host) ? 'http:' : 'https:';
  }

  private allowsPlainHttp(host: string): boolean {
    return LOOPBACK_HOSTS.has(hostnameOf(host)) || matchesHost(this.options.insecureRegistries, host);
  }

  private async notFound(repo: Repository, ref: ImageRef, signal: AbortSignal | undefined): Promise<RegistryError> {
    let tags: string[];
    try {
      tags = await this.tagsOf(repo, signal);
    } catch (error) {
      if (error instanceof RegistryError && (error.kind === 'not-found' || error.kind === 'cancelled')) return error;
      tags = [];
    }
    const where = `${ref.domain}/${repo.path}`;
    const details = { registry: repo.registry, repository: repo.path, missing: 'tag' as const, status: 404 };
    if (ref.digest !== undefined) return new RegistryError('not-found', `the digest ${ref.digest} is not in ${where}`, details);
    const tag = ref.tag ?? 'latest';
    const suggestions = nearestTags(tag, tags, 3);
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : tags.length === 0 ? '; the repository has no tags' : '';
    return new RegistryError('not-found', `the tag "${tag}" does not exist in ${where}${hint}`, { ...details, tag, suggestions });
  }

  private unexpected(response: HttpResponse, repo: Repository): RegistryError {
    const details = { registry: repo.registry, repository: repo.path, status: response.status };
    const reason = registryErrorText(response.body);
    const suffix = reason ? ` (${reason})` : '';
    if (response.status === 429) {
      return new RegistryError('rate-limited', `${response.url.host} is rate-limiting requests and still refused after ${this.maxRetries} retries; try again later${suffix}`, details);
    }
    if (response.status >= 500) {
      return new RegistryError('server-error', `${response.url.host} failed with HTTP ${response.status}${this.maxRetries > 0 ? ` after ${this.maxRetries} retries` : ''}${suffix}`, details);
    }
    if (response.status === 403) {
      return new RegistryError('denied', `${response.url.host} denied access to ${repo.path}${suffix}`, details);
    }
    return new RegistryError('protocol', `unexpected HTTP ${response.status} from ${response.url.host} for ${response.url.pathname}${suffix}`, details);
  }
}

function toImageRef(reference: string | ImageRef): ImageRef {
  if (typeof reference !== 'string') return reference;
  const parsed = parseImageRef(reference);
  if (!parsed.ok) throw new RegistryError('invalid-reference', `"${reference}" is not a valid image reference: ${parsed.error}`);
  return parsed.ref;
}

function repositoryOf(ref: ImageRef): Repository {
  return { registry: ref.domain, apiHost: ref.domain === 'docker.io' ? DOCKER_HUB_API_HOST : ref.domain, path: ref.path };
}

function repositoryNotFound(repo: Repository): RegistryError {
  return new RegistryError('not-found', `the repository ${repo.registry}/${repo.path} does not exist`, { registry: repo.registry, repository: repo.path, missing: 'repository', status: 404 });
}

function tokenKey(realm: string, service: string, scope: string): string {
  return `${realm}\n${service}\n${scope}`;
}

function basicAuthorization(credential: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
}

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

function isIndex(mediaType: string | undefined): boolean {
  return mediaType !== undefined && INDEX_MEDIA_TYPES.includes(mediaType);
}

function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

function mediaTypeOf(response: HttpResponse): string | undefined {
  const type = header(response, 'content-type')?.split(';')[0]?.trim();
  return type && type !== 'application/json' && type !== 'text/plain' && type !== 'application/octet-stream' ? type : undefined;
}

function mediaTypeInBody(body: Buffer): string | undefined {
  const manifest = parseJson(body) as { mediaType?: unknown } | undefined;
  return typeof manifest?.mediaType === 'string' ? manifest.mediaType : undefined;
}

function platformsIn(body: Buffer): Platform[] {
  const index = parseJson(body) as { manifests?: unknown } | undefined;
  if (!Array.isArray(index?.manifests)) return [];
  const platforms: Platform[] = [];
  for (const entry of index.manifests as { digest?: unknown; platform?: { os?: unknown; architecture?: unknown; variant?: unknown } }[]) {
    const platform = entry.platform;
    if (typeof entry.digest !== 'string' || typeof platform?.os !== 'string' || typeof platform.architecture !== 'string') continue;
    const item: Platform = { os: platform.os, architecture: platform.architecture, digest: entry.digest };
    if (typeof platform.variant === 'string') item.variant = platform.variant;
    platforms.push(item);
  }
  return platforms;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The registry's own explanation, from `{"errors":[{"code","message"}]}`. */
function registryErrorText(body: Buffer): string | undefined {
  const parsed = parseJson(body) as { errors?: { code?: unknown; message?: unknown }[] } | undefined;
  const first = Array.isArray(parsed?.errors) ? parsed.errors[0] : undefined;
  if (!first) return undefined;
  const text = [first.code, first.message].filter((part) => typeof part === 'string' && part).join(': ');
  return text.slice(0, 200) || undefined;
}

/** The `rel="next"` target of a Link header (RFC 8288), as written (maybe relative). */
export function nextLink(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.join(', ') : value;
  for (const match of text.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]*)*)/g)) {
    const params = match[2] ?? '';
    if (/;\s*rel\s*=\s*(?:"[^"]*\bnext\b[^"]*"|next\b)/i.test(params)) return match[1];
  }
  return undefined;
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/** Whether host[:port] is in a list of host[:port] entries; an entry without a port matches every port. */
function matchesHost(list: readonly string[] | undefined, host: string): boolean {
  if (!list || list.length === 0) return false;
  const bare = hostnameOf(host).toLowerCase();
  return list.some((entry) => {
    const wanted = entry.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    const hasPort = wanted.startsWith('[') ? wanted.includes(']:') : wanted.includes(':');
    return hasPort ? wanted === host.toLowerCase() : hostnameOf(wanted) === bare;
  });
}

function withProtocol(url: URL, protocol: 'http:' | 'https:'): URL {
  const copy = new URL(url);
  copy.protocol = protocol;
  return copy;
}
