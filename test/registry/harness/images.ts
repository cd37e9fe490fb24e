// Small random images built in memory and pushed over the registry HTTP API (no Docker needed):
// OCI and Docker v2 manifests (config + one layer), OCI indexes and Docker manifest lists.
import { createHash, randomBytes } from 'node:crypto';
import { request } from './http';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

export interface Blob {
  mediaType: string;
  bytes: Buffer;
  digest: string;
}

export interface Manifest {
  mediaType: string;
  /** Exactly the bytes pushed; the registry's digest is their sha256. */
  bytes: Buffer;
  digest: string;
  blobs: Blob[];
  children: Manifest[];
  platform?: { os: string; architecture: string; variant?: string };
}

export interface PushTarget {
  origin: string;
  headers?: Record<string, string>;
  ca?: string;
}

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function blob(mediaType: string, bytes: Buffer): Blob {
  return { mediaType, bytes, digest: sha256(bytes) };
}

export function image(format: 'oci' | 'docker', platform: { os: string; architecture: string; variant?: string } = { os: 'linux', architecture: 'amd64' }): Manifest {
  const oci = format === 'oci';
  const layer = blob(oci ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.docker.image.rootfs.diff.tar.gzip', randomBytes(64));
  const config = blob(
    oci ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json',
    Buffer.from(JSON.stringify({ ...platform, rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: { Labels: { nonce: randomBytes(8).toString('hex') } } })),
  );
  const descriptor = (b: Blob): object => ({ mediaType: b.mediaType, digest: b.digest, size: b.bytes.length });
  const mediaType = oci ? OCI_MANIFEST : DOCKER_MANIFEST;
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, config: descriptor(config), layers: [descriptor(layer)] }, null, 2));
  return { mediaType, bytes, digest: sha256(bytes), blobs: [config, layer], children: [], platform };
}

export function index(format: 'oci' | 'docker', children: Manifest[]): Manifest {
  const mediaType = format === 'oci' ? OCI_INDEX : DOCKER_LIST;
  const manifests = children.map((child) => ({ mediaType: child.mediaType, digest: child.digest, size: child.bytes.length, platform: child.platform }));
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, manifests }, null, 3));
  return { mediaType, bytes, digest: sha256(bytes), blobs: [], children };
}

/** Pushes blobs, then children (by digest), then the manifest under `tag`. */
export async function push(target: PushTarget, repository: string, tag: string, manifest: Manifest): Promise<void> {
  for (const child of manifest.children) await push(target, repository, child.digest, child);
  for (const b of manifest.blobs) await pushBlob(target, repository, b);
  const reply = await request(`${target.origin}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...target.headers, 'Content-Type': manifest.mediaType },
    body: manifest.bytes,
    ...(target.ca ? { ca: target.ca } : {}),
  });
  if (reply.status !== 201) throw new Error(`manifest PUT ${repository}:${tag} → ${reply.status} ${reply.body.toString()}`);
}

async function pushBlob(target: PushTarget, repository: string, b: Blob): Promise<void> {
  const ca = target.ca ? { ca: target.ca } : {};
  const start = await request(`${target.origin}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: { ...target.headers }, ...ca });
  const location = start.headers.location;
  if (start.status !== 202 || !location) throw new Error(`blob upload start → ${start.status} ${start.body.toString()}`);
  const url = new URL(location, target.origin);
  url.searchParams.set('digest', b.digest);
  const done = await request(url, { method: 'PUT', headers: { ...target.headers, 'Content-Type': 'application/octet-stream' }, body: b.bytes, ...ca });
  if (done.status !== 201) throw new Error(`blob PUT → ${done.status} ${done.body.toString()}`);
}

let counter = 0;
/** A repository name no other test in this process uses. */
export function uniqueRepo(prefix = 'team'): string {
  counter++;
  return `${prefix}/app-${process.pid}-${counter}-${randomBytes(3).toString('hex')}`;
}
