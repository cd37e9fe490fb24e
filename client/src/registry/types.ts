// The registry client's public types, shared by the extension, the CLI, the tests and the credential helpers.

/** What a registry accepts as a login: a user name and password (or personal access token), or an OAuth2 identity (refresh) token. */
export type Credential = { username: string; password: string } | { identityToken: string };

/**
 * Looks up the login for a registry. `registryHost` is the reference's registry as normalised by the
 * engine (`docker.io` for Docker Hub, `ghcr.io`, `127.0.0.1:5000`), never the API host it maps to.
 */
export interface CredentialProvider {
  get(registryHost: string): Promise<Credential | undefined>;
}

export interface RegistryClientOptions {
  credentials?: CredentialProvider;
  /** Budget for one HTTP exchange (connect, headers and body). Default 10 000. */
  timeoutMs?: number;
  /** A PEM file of extra CA certificates, trusted in addition to the system ones. */
  caFile?: string;
  /** host[:port] of registries that may be reached over plain HTTP (HTTPS is still tried first). */
  insecureRegistries?: string[];
  /** host[:port] of registries whose TLS certificate is not verified. */
  skipTlsVerify?: string[];
  /** At most this many HTTP exchanges in flight per client. Default 8. */
  maxConcurrency?: number;
  /** How long a resolved digest is reused for the same reference. Default 60 000; 0 turns the cache off. */
  cacheTtlMs?: number;
  /** Retries after a 429 or a 5xx before giving up. Default 3. */
  maxRetries?: number;
  /** The longest single wait before a retry, whatever Retry-After asks. Default 30 000. */
  maxRetryWaitMs?: number;
  userAgent?: string;
  /** The clock for the digest and token caches (tests). Default Date.now. */
  now?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ResolveOptions extends CallOptions {
  /** Ask the registry even if the digest is cached (the answer refreshes the cache). */
  noCache?: boolean;
  /** For an index or manifest list, also fetch it and list its platforms. */
  platforms?: boolean;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  digest: string;
}

export interface ResolvedDigest {
  /** The digest the reference points at: for a multi-arch image, the index's own digest, never a child's. */
  digest: string;
  mediaType: string;
  /** Only when asked for and the manifest is an index or a manifest list. */
  platforms?: Platform[];
}

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

export const INDEX_MEDIA_TYPES: readonly string[] = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList];
