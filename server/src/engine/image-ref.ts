// The container image reference grammar of the distribution project (reference/regexp.go,
// normalize.go), with Docker Hub normalisation. Pure: a string in, a parsed reference or an error out.

export interface ImageRef {
  /** The text as written. */
  raw: string;
  /** Registry host (and port) after normalisation, e.g. `docker.io`, `localhost:5000`. */
  domain: string;
  /** Repository path after normalisation, e.g. `library/nginx`. */
  path: string;
  /** The name as written, without tag or digest (`nginx`, `localhost:5000/app`). */
  name: string;
  tag?: string;
  digest?: string;
  /** Offsets into `raw` where `:tag` and `@digest` start (at the separator), or -1. */
  tagStart: number;
  digestStart: number;
}

export type ImageRefResult = { ok: true; ref: ImageRef } | { ok: false; error: string };

const NAME_TOTAL_LENGTH_MAX = 255;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[0-9a-fA-F:]+\]$/;
const PORT = /^[0-9]+$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
/** The algorithms container runtimes accept (go-digest's registered hashes) and their hex lengths. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const HEX64 = /^[a-f0-9]{64}$/;

export const DOCKER_HUB_DOMAIN = 'docker.io';

/** Whether a digest string is a well-formed `sha256:` digest (64 lowercase hex characters). */
export function isSha256Digest(value: string): boolean {
  return SHA256_DIGEST.test(value);
}

export function parseImageRef(raw: string): ImageRefResult {
  if (raw.length === 0) return fail('the image reference is empty');
  if (/\s/.test(raw)) return fail('an image reference cannot contain whitespace');

  let rest = raw;
  let digest: string | undefined;
  let digestStart = -1;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    digestStart = at;
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return fail(`"${digest}" is not a valid digest (expected algorithm:hex, e.g. sha256: followed by 64 hex digits)`);
    const [algorithm = '', hex = ''] = digest.split(':');
    const length = DIGEST_HEX_LENGTH[algorithm];
    if (length === undefined) return fail(`"${algorithm}" is not a supported digest algorithm (sha256, sha384 or sha512)`);
    if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) {
      return fail(`"${digest}" is not a valid ${algorithm} digest (expected ${length} lowercase hex digits)`);
    }
  }

  let tag: string | undefined;
  let tagStart = -1;
  // A tag is the part after the last ':' only if that ':' comes after the last '/' (else it is a port).
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    tagStart = colon;
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return fail(`"${tag}" is not a valid tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')`);
  }

  const name = rest;
  if (name.length === 0) return fail('the image reference has no repository name');

  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const hasDomain =
    slash !== -1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first);
  let domain = DOCKER_HUB_DOMAIN;
  let path = name;
  if (hasDomain) {
    const domainError = checkDomain(first);
    if (domainError) return fail(domainError);
    domain = first === 'index.docker.io' ? DOCKER_HUB_DOMAIN : first;
    path = name.slice(slash + 1);
  }
  if (path.length === 0) return fail('the image reference has no repository path after the registry');
  for (const component of path.split('/')) {
    if (component.length === 0) return fail('the repository path has an empty component ("//" or a trailing "/")');
    if (!PATH_COMPONENT.test(component)) {
      if (component.toLowerCase() !== component && PATH_COMPONENT.test(component.toLowerCase())) {
        return fail('the repository name must be lowercase');
      }
      return fail(`"${component}" is not a valid repository path component (lowercase letters, digits and single '.', '_', '__' or '-' separators)`);
    }
  }
  if (!hasDomain && HEX64.test(name) && tag === undefined && digest === undefined) {
    return fail('a 64-character hexadecimal string is an image ID, not a repository name');
  }
  if (domain === DOCKER_HUB_DOMAIN && !path.includes('/')) path = `library/${path}`;
  // The limit applies to the normalised name (docker.io/library/… counts), as the runtime sees it.
  if (domain.length + 1 + path.length > NAME_TOTAL_LENGTH_MAX) {
    return fail(`the repository name is longer than ${NAME_TOTAL_LENGTH_MAX} characters once normalised to "${domain}/…"`);
  }

  const ref: ImageRef = { raw, domain, path, name, tagStart, digestStart };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return { ok: true, ref };
}

function checkDomain(domain: string): string | undefined {
  let host = domain;
  const portSep = domain.startsWith('[') ? domain.indexOf(':', domain.indexOf(']')) : domain.lastIndexOf(':');
  if (portSep !== -1) {
    host = domain.slice(0, portSep);
    const port = domain.slice(portSep + 1);
    if (!PORT.test(port)) return `"${port}" is not a valid registry port`;
  }
  if (IPV6_HOST.test(host)) return undefined;
  for (const part of host.split('.')) {
    if (!DOMAIN_COMPONENT.test(part)) return `"${domain}" is not a valid registry host`;
  }
  return undefined;
}

/** The fully qualified form, e.g. `docker.io/library/nginx:latest`. A reference without tag or digest gets `:latest`. */
export function canonicalRef(ref: ImageRef): string {
  const base = `${ref.domain}/${ref.path}`;
  if (ref.digest) return ref.tag ? `${base}:${ref.tag}@${ref.digest}` : `${base}@${ref.digest}`;
  return `${base}:${ref.tag ?? 'latest'}`;
}

function fail(error: string): ImageRefResult {
  return { ok: false, error };
}
