// Kubeconfig as kubectl sees it [client-go tools/clientcmd loader.go]:
//   - explicit files (a setting, --kubeconfig) are used alone, and each must exist;
//   - else the Kubernetes extension's `vs-kubernetes.kubeconfig`, when the caller passes it (that extension
//     puts it before KUBECONFIG, so both show the same cluster);
//   - else KUBECONFIG, a path-list: missing files are skipped, and for every cluster, user and context name
//     (and for current-context) the first file that sets it wins, whole entry and all;
//   - else ~/.kube/config.
// Relative paths in a file are relative to that file's folder. Reading files is the only I/O here.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { ClusterError } from './errors';
import type { ContextInfo } from './types';

export interface KubeconfigOptions {
  /** Explicit kubeconfig files (a setting, `--kubeconfig`): they win over everything else. */
  paths?: readonly string[];
  /** The Kubernetes extension's `vs-kubernetes.kubeconfig` setting, if the caller has it. */
  extensionKubeconfig?: string;
  /** For KUBECONFIG and HOME. Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where ~ is. Default: HOME, else USERPROFILE, else os.homedir(). */
  homeDir?: string;
}

export type KubeconfigSource = 'explicit' | 'extension' | 'KUBECONFIG' | 'default';

export interface KubeconfigCluster {
  server: string;
  certificateAuthority?: string;
  certificateAuthorityData?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
}

export interface ExecCredentialPlugin {
  command: string;
  args?: string[];
  env?: Array<{ name: string; value: string }>;
  apiVersion?: string;
  [field: string]: unknown;
}

export interface KubeconfigUser {
  token?: string;
  tokenFile?: string;
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  username?: string;
  password?: string;
  exec?: ExecCredentialPlugin;
  authProvider?: { name: string; config: Record<string, unknown> };
  impersonate?: string;
}

export interface KubeconfigContext {
  cluster: string;
  user?: string;
  namespace?: string;
}

/** The merged kubeconfig. Maps keep kubectl's "first file wins" per name. */
export interface Kubeconfig {
  source: KubeconfigSource;
  /** The files read, in precedence order. */
  files: string[];
  currentContext?: string;
  clusters: Map<string, KubeconfigCluster>;
  users: Map<string, KubeconfigUser>;
  contexts: Map<string, KubeconfigContext>;
}

export interface ResolvedContext {
  name: string;
  namespace?: string;
  clusterName: string;
  cluster: KubeconfigCluster;
  userName?: string;
  user?: KubeconfigUser;
  files: string[];
}

export interface ContextSummary {
  name: string;
  cluster: string;
  user?: string;
  namespace?: string;
  current: boolean;
}

interface Candidates {
  source: KubeconfigSource;
  paths: string[];
  /** Explicit files must exist; KUBECONFIG's may be missing (kubectl skips them). */
  mustExist: boolean;
  /** How to say where we looked, for the "no kubeconfig" message. */
  described: string;
}

/** Which files kubectl would read, in precedence order. */
export function kubeconfigCandidates(options: KubeconfigOptions = {}): Candidates {
  const env = options.env ?? process.env;
  const explicit = (options.paths ?? []).filter((p) => p !== '');
  if (explicit.length > 0) return { source: 'explicit', paths: unique(explicit.map((p) => resolve(p))), mustExist: true, described: explicit.join(', ') };
  if (options.extensionKubeconfig) {
    return { source: 'extension', paths: [resolve(options.extensionKubeconfig)], mustExist: true, described: `${options.extensionKubeconfig} (vs-kubernetes.kubeconfig)` };
  }
  const list = env.KUBECONFIG;
  if (list !== undefined && list !== '') {
    const paths = unique(list.split(delimiter).filter((p) => p !== '').map((p) => resolve(p)));
    return { source: 'KUBECONFIG', paths, mustExist: false, described: `KUBECONFIG=${list}` };
  }
  const home = options.homeDir ?? env.HOME ?? env.USERPROFILE ?? homedir();
  const path = join(home, '.kube', 'config');
  return { source: 'default', paths: [path], mustExist: false, described: `${path} (KUBECONFIG is not set)` };
}

/** Reads and merges the kubeconfig files. Throws a ClusterError (`no-kubeconfig`, `bad-kubeconfig`). */
export async function loadKubeconfig(options: KubeconfigOptions = {}): Promise<Kubeconfig> {
  const candidates = kubeconfigCandidates(options);
  const config: Kubeconfig = { source: candidates.source, files: [], clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const path of candidates.paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !candidates.mustExist) continue;
      if (code === 'ENOENT') throw new ClusterError('no-kubeconfig', `the kubeconfig ${path} does not exist`, { cause: error });
      throw new ClusterError('bad-kubeconfig', `cannot read the kubeconfig ${path}: ${describeFsError(error)}`, { cause: error });
    }
    config.files.push(path);
    mergeFile(config, path, text);
  }
  if (config.files.length === 0) throw new ClusterError('no-kubeconfig', `no kubeconfig found: looked at ${candidates.described}`);
  return config;
}

function mergeFile(config: Kubeconfig, path: string, text: string): void {
  let document: unknown;
  try {
    document = parse(text, { prettyErrors: false });
  } catch (error) {
    throw new ClusterError('bad-kubeconfig', `the kubeconfig ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  if (document === null || document === undefined) return; // an empty file is an empty config
  if (!isRecord(document)) throw new ClusterError('bad-kubeconfig', `the kubeconfig ${path} is not a mapping`);
  const dir = dirname(path);
  for (const [name, body] of namedEntries(document.clusters, 'cluster')) {
    if (!config.clusters.has(name)) config.clusters.set(name, toCluster(body, dir));
  }
  for (const [name, body] of namedEntries(document.users, 'user')) {
    if (!config.users.has(name)) config.users.set(name, toUser(body, dir));
  }
  for (const [name, body] of namedEntries(document.contexts, 'context')) {
    if (!config.contexts.has(name) && typeof body.cluster === 'string') {
      const context: KubeconfigContext = { cluster: body.cluster };
      if (typeof body.user === 'string' && body.user !== '') context.user = body.user;
      if (typeof body.namespace === 'string' && body.namespace !== '') context.namespace = body.namespace;
      config.contexts.set(name, context);
    }
  }
  const current = document['current-context'];
  if (config.currentContext === undefined && typeof current === 'string' && current !== '') config.currentContext = current;
}

/** `[{name, <field>: {...}}]` → [name, body] pairs, skipping malformed entries. */
function namedEntries(list: unknown, field: string): Array<[string, Record<string, unknown>]> {
  if (!Array.isArray(list)) return [];
  const entries: Array<[string, Record<string, unknown>]> = [];
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string' || item.name === '') continue;
    const body = item[field];
    entries.push([item.name, isRecord(body) ? body : {}]);
  }
  return entries;
}

function toCluster(body: Record<string, unknown>, dir: string): KubeconfigCluster {
  const cluster: KubeconfigCluster = { server: str(body.server) ?? '', insecureSkipTlsVerify: body['insecure-skip-tls-verify'] === true };
  const ca = str(body['certificate-authority']);
  if (ca) cluster.certificateAuthority = relativeTo(dir, ca);
  assign(cluster, 'certificateAuthorityData', str(body['certificate-authority-data']));
  assign(cluster, 'tlsServerName', str(body['tls-server-name']));
  assign(cluster, 'proxyUrl', str(body['proxy-url']));
  return cluster;
}

function toUser(body: Record<string, unknown>, dir: string): KubeconfigUser {
  const user: KubeconfigUser = {};
  assign(user, 'token', str(body.token));
  const tokenFile = str(body.tokenFile);
  if (tokenFile) user.tokenFile = relativeTo(dir, tokenFile);
  const cert = str(body['client-certificate']);
  if (cert) user.clientCertificate = relativeTo(dir, cert);
  const key = str(body['client-key']);
  if (key) user.clientKey = relativeTo(dir, key);
  assign(user, 'clientCertificateData', str(body['client-certificate-data']));
  assign(user, 'clientKeyData', str(body['client-key-data']));
  assign(user, 'username', str(body.username));
  assign(user, 'password', str(body.password));
  assign(user, 'impersonate', str(body.as));
  const exec = body.exec;
  if (isRecord(exec) && typeof exec.command === 'string' && exec.command !== '') {
    // client-go resolves a command with a path separator in it against the kubeconfig's folder; a bare name is looked up on PATH.
    const command = exec.command.includes('/') || exec.command.includes(sep) ? relativeTo(dir, exec.command) : exec.command;
    const plugin: ExecCredentialPlugin = { ...exec, command };
    if (Array.isArray(exec.args)) plugin.args = exec.args.filter((a): a is string => typeof a === 'string');
    else delete plugin.args;
    if (Array.isArray(exec.env)) plugin.env = exec.env.filter((e): e is { name: string; value: string } => isRecord(e) && typeof e.name === 'string' && typeof e.value === 'string');
    else delete plugin.env;
    user.exec = plugin;
  }
  const provider = body['auth-provider'];
  if (isRecord(provider) && typeof provider.name === 'string') user.authProvider = { name: provider.name, config: isRecord(provider.config) ? { ...provider.config } : {} };
  return user;
}

/** The context to use: `override`, else current-context. Throws `unknown-context` or `bad-kubeconfig`. */
export function resolveContext(config: Kubeconfig, override?: string): ResolvedContext {
  const files = config.files.join(', ');
  const known = [...config.contexts.keys()].sort();
  const knownText = known.length > 0 ? `contexts: ${known.join(', ')}` : 'it defines no contexts';
  const name = override !== undefined && override !== '' ? override : config.currentContext;
  if (name === undefined) throw new ClusterError('unknown-context', `no context chosen and no current-context set in ${files} (${knownText})`);
  const context = config.contexts.get(name);
  if (!context) throw new ClusterError('unknown-context', `context "${name}" is not in the kubeconfig ${files} (${knownText})`, { context: name });
  const cluster = config.clusters.get(context.cluster);
  if (!cluster) throw new ClusterError('bad-kubeconfig', `context "${name}" names cluster "${context.cluster}", which ${files} does not define`, { context: name });
  if (cluster.server === '') throw new ClusterError('bad-kubeconfig', `cluster "${context.cluster}" of context "${name}" has no server`, { context: name });
  const resolved: ResolvedContext = { name, clusterName: context.cluster, cluster, files: [...config.files] };
  if (context.namespace !== undefined) resolved.namespace = context.namespace;
  if (context.user !== undefined) {
    const user = config.users.get(context.user);
    if (!user) throw new ClusterError('bad-kubeconfig', `context "${name}" names user "${context.user}", which ${files} does not define`, { context: name });
    resolved.userName = context.user;
    resolved.user = user;
  }
  return resolved;
}

export function listContexts(config: Kubeconfig): ContextSummary[] {
  return [...config.contexts].map(([name, context]) => ({
    name,
    cluster: context.cluster,
    ...(context.user !== undefined && { user: context.user }),
    ...(context.namespace !== undefined && { namespace: context.namespace }),
    current: name === config.currentContext,
  }));
}

/**
 * The command a user's credentials come from, if any: an exec plugin, or a legacy auth provider that runs
 * one (gcp and azure's `cmd-path`, an `exec` provider).
 */
export function credentialCommand(user: KubeconfigUser | undefined): string | undefined {
  if (!user) return undefined;
  if (user.exec) return user.exec.command;
  const provider = user.authProvider;
  if (!provider) return undefined;
  const cmdPath = provider.config['cmd-path'];
  if (typeof cmdPath === 'string' && cmdPath !== '') return cmdPath;
  const exec = provider.config.exec;
  if (isRecord(exec) && typeof exec.command === 'string') return exec.command;
  if (provider.name === 'exec') return 'an exec auth provider';
  return undefined;
}

/**
 * Throws `exec-not-allowed` when the context's credentials come from a command and running it is not allowed.
 * `reason` ends the message (default: the workspace-trust wording of the editor).
 */
export function checkCredentialCommand(context: ResolvedContext, allowExec: boolean, reason = 'Shipshape runs it only in a trusted workspace'): void {
  const command = credentialCommand(context.user);
  if (command === undefined || allowExec) return;
  const what = context.user?.exec ? 'an exec credential plugin' : `the ${context.user?.authProvider?.name ?? ''} auth provider, which runs a command`;
  throw new ClusterError('exec-not-allowed', `the kubeconfig user "${context.userName}" of context "${context.name}" uses ${what} (${command}); ${reason}`, { context: context.name });
}

export function contextInfo(context: ResolvedContext): ContextInfo {
  return {
    name: context.name,
    cluster: context.clusterName,
    server: context.cluster.server,
    ...(context.userName !== undefined && { user: context.userName }),
    namespace: context.namespace ?? 'default',
    files: [...context.files],
  };
}

function relativeTo(dir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dir, path);
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeFsError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return (error as Error | undefined)?.message ?? String(error);
  }
}
