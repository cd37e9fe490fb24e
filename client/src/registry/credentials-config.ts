import { readFile } from 'node:fs/promises';
import type { Credential } from './types';

/** The key docker files Docker Hub credentials under, and the ServerURL its helpers expect. */
export const DOCKER_HUB_SERVER_URL = 'https://index.docker.io/v1/';

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * The host[:port] a registry reference or config key is about. Keys come as bare hosts or URLs
 * (`https://index.docker.io/v1/`, `http://host:5000/v2/`); podman also allows `host/namespace`.
 * Every Docker Hub alias becomes `docker.io`.
 */
export function registryKey(hostOrUrl: string): string {
  const withoutScheme = hostOrUrl.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const host = withoutScheme.split('/')[0]!.toLowerCase();
  return DOCKER_HUB_HOSTS.has(host) ? 'docker.io' : host;
}

/** What docker hands a credential helper on stdin for this registry. */
export function helperServerUrl(key: string): string {
  return key === 'docker.io' ? DOCKER_HUB_SERVER_URL : key;
}

interface AuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
  identitytoken?: unknown;
}

/** The parts of a docker config.json (or containers auth.json) this provider reads. */
export interface AuthFile {
  path: string;
  auths: Map<string, { rawKey: string; entry: AuthEntry }>;
  credHelpers: Map<string, string>;
  credsStore: string | undefined;
}

const EMPTY = (path: string): AuthFile => ({ path, auths: new Map(), credHelpers: new Map(), credsStore: undefined });

/** Reads an auth file; a missing file is an empty one. Errors never quote the file's content. */
export async function readAuthFile(path: string): Promise<AuthFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return EMPTY(path);
    throw new Error(`cannot read registry credentials from ${path}: ${(error as NodeJS.ErrnoException).code ?? 'read failed'}`);
  }
  let json: unknown;
  try {
    json = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be a password.
    throw new Error(`registry credentials file ${path} is not valid JSON`);
  }
  if (!isObject(json)) throw new Error(`registry credentials file ${path} is not a JSON object`);
  const file = EMPTY(path);
  if (isObject(json.auths)) {
    // Several keys can name one host; the plainest wins, a namespaced podman key only fills a gap.
    const keys = Object.keys(json.auths).sort((a, b) => keyRank(a) - keyRank(b));
    for (const rawKey of keys) {
      const entry = json.auths[rawKey];
      const key = registryKey(rawKey);
      if (isObject(entry) && key !== '' && !file.auths.has(key)) file.auths.set(key, { rawKey, entry });
    }
  }
  if (isObject(json.credHelpers)) {
    for (const [rawKey, helper] of Object.entries(json.credHelpers)) {
      if (typeof helper === 'string' && helper !== '') file.credHelpers.set(registryKey(rawKey), helper);
    }
  }
  if (typeof json.credsStore === 'string' && json.credsStore !== '') file.credsStore = json.credsStore;
  return file;
}

/** The credential an `auths` entry holds for a registry, if any. */
export function credentialFromAuths(file: AuthFile, key: string): Credential | undefined {
  const found = file.auths.get(key);
  if (!found) return undefined;
  const { rawKey, entry } = found;
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') return { identityToken: entry.identitytoken };
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new Error(`the "auth" entry for ${rawKey} in ${file.path} is not base64 of user:password`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (typeof entry.username === 'string' && entry.username !== '' && typeof entry.password === 'string') {
    return { username: entry.username, password: entry.password };
  }
  return undefined;
}

function keyRank(rawKey: string): number {
  if (rawKey === DOCKER_HUB_SERVER_URL || !rawKey.includes('/')) return 0;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/]+(\/(v[12]\/?)?)?$/i.test(rawKey)) return 1;
  return 2;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
