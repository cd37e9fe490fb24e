// A pod's `status.containerStatuses[].imageID`, as the container runtimes write it [kubernetes#95968,
// #115199; cri-o#7149]:
//   docker (cri-dockerd)  docker-pullable://registry/app@sha256:<manifest digest>
//   containerd, CRI-O     registry/app@sha256:<manifest digest>
//   loaded, not pulled    sha256:<config digest>, docker://sha256:<config digest>
// A manifest digest is what a reference pins (for a multi-arch tag, the index's). A config digest names the
// image's configuration blob: it never equals a manifest digest, so it can only be "not comparable".
import type { ImageIdentity } from './types';

const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//;

export function parseImageId(imageID: string): ImageIdentity {
  const value = imageID.trim();
  if (value === '') return { kind: 'none' };
  const rest = value.replace(SCHEME, '');
  const at = rest.lastIndexOf('@');
  if (at !== -1) {
    const digest = rest.slice(at + 1);
    if (!DIGEST.test(digest)) return { kind: 'unrecognised', raw: value };
    const repository = rest.slice(0, at);
    return repository === '' ? { kind: 'digest', digest } : { kind: 'digest', digest, repository };
  }
  if (DIGEST.test(rest)) return { kind: 'config', id: rest };
  if (/^[a-f0-9]{64}$/.test(rest)) return { kind: 'config', id: `sha256:${rest}` };
  return { kind: 'unrecognised', raw: value };
}

/** `sha256:9c4d1a2b3c4d` — the algorithm and 12 hex digits, as docker shortens IDs. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon === -1 ? digest.slice(0, 12) : digest.slice(0, colon + 13);
}
