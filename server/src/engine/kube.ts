// Kubernetes knowledge shared by the rules: which objects are workloads, where their pod template
// sits, which containers a pod spec holds and in what role.
import { isMap, isNode, isScalar, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import { asMap, asSeq, get, getMap, getPair, getString } from './nodes';
import { parseImageRef, type ImageRef } from './image-ref';
import type { ParsedDoc } from './parse';

export type WorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'Pod'
  | 'Job'
  | 'CronJob'
  | 'Rollout';

/** apiVersion groups each kind is recognised under (the version part is not checked). */
const WORKLOAD_GROUPS: Record<WorkloadKind, readonly string[]> = {
  Deployment: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  ReplicationController: [''],
  Pod: [''],
  Job: ['batch'],
  CronJob: ['batch'],
  Rollout: ['argoproj.io'],
};

export const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io';
const KUSTOMIZE_KINDS = new Set(['Kustomization', 'Component']);
const KUSTOMIZATION_FILE_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export interface KubeObject {
  source: ParsedDoc;
  doc: Document;
  root: YAMLMap;
  apiVersion?: string;
  kind?: string;
  name?: string;
}

export interface Workload extends KubeObject {
  kind: WorkloadKind;
  /** Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Rollout and restart-always Pods. */
  longRunning: boolean;
  /** The pod template (`template`, `jobTemplate.spec.template`), absent for a bare Pod. */
  template?: YAMLMap;
  /** The pod spec: `spec` for a Pod, the template's `spec` otherwise. */
  podSpec?: YAMLMap;
  /** The workload's own `spec`. */
  spec?: YAMLMap;
  /** The pod spec's containers, listed once (every rule walks them). */
  containers: ContainerRef[];
}

export interface Kustomization extends KubeObject {
  images?: YAMLMap[];
}

export type ContainerRole = 'container' | 'init' | 'sidecar' | 'ephemeral';

export interface ContainerRef {
  node: YAMLMap;
  role: ContainerRole;
  /** The `name` value node, when the container has a scalar name. */
  nameNode?: Scalar;
  name?: string;
  /** containerImage()'s answer, kept: six rules read each image. */
  imageMemo?: ContainerImage | null;
}

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function isKustomizationFileName(fileName: string | undefined): boolean {
  if (!fileName) return false;
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  return KUSTOMIZATION_FILE_NAMES.has(base);
}

export function toObject(source: ParsedDoc): KubeObject | undefined {
  const doc = source.doc;
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const meta = getMap(doc, root, 'metadata');
  const object: KubeObject = { source, doc, root };
  const apiVersion = getString(doc, root, 'apiVersion');
  const kind = getString(doc, root, 'kind');
  const name = getString(doc, meta, 'name');
  if (apiVersion !== undefined) object.apiVersion = apiVersion;
  if (kind !== undefined) object.kind = kind;
  if (name !== undefined) object.name = name;
  return object;
}

export function asWorkload(object: KubeObject): Workload | undefined {
  const { apiVersion, kind, doc, root } = object;
  if (apiVersion === undefined || kind === undefined || !(kind in WORKLOAD_GROUPS)) return undefined;
  const workloadKind = kind as WorkloadKind;
  if (!WORKLOAD_GROUPS[workloadKind].includes(apiGroup(apiVersion))) return undefined;
  const spec = getMap(doc, root, 'spec');
  let template: YAMLMap | undefined;
  let podSpec: YAMLMap | undefined;
  let longRunning = true;
  switch (workloadKind) {
    case 'Pod': {
      podSpec = spec;
      const restart = getString(doc, spec, 'restartPolicy');
      longRunning = restart === undefined || restart === 'Always';
      break;
    }
    case 'CronJob':
      template = getMap(doc, spec, 'jobTemplate', 'spec', 'template');
      longRunning = false;
      break;
    case 'Job':
      template = getMap(doc, spec, 'template');
      longRunning = false;
      break;
    default:
      template = getMap(doc, spec, 'template');
  }
  if (template) podSpec = getMap(doc, template, 'spec');
  const workload: Workload = { ...object, kind: workloadKind, longRunning, containers: podSpec ? listContainers(doc, podSpec) : [] };
  if (spec) workload.spec = spec;
  if (template) workload.template = template;
  if (podSpec) workload.podSpec = podSpec;
  return workload;
}

/** A Kustomization by kind (kustomize.config.k8s.io), or any mapping in a file named like one. */
export function asKustomization(object: KubeObject, fileName: string | undefined): Kustomization | undefined {
  const { apiVersion, kind, doc, root } = object;
  const byKind = kind !== undefined && KUSTOMIZE_KINDS.has(kind) && (apiVersion === undefined || apiGroup(apiVersion) === KUSTOMIZE_GROUP);
  const byName = isKustomizationFileName(fileName) && (kind === undefined || KUSTOMIZE_KINDS.has(kind));
  if (!byKind && !byName) return undefined;
  const result: Kustomization = { ...object };
  const images = asSeq(doc, get(doc, root, 'images'));
  if (images) result.images = images.items.map((item) => asMap(doc, item)).filter((m): m is YAMLMap => m !== undefined);
  return result;
}

export interface KustomizeImageField {
  /** Where the value is written in the entry (an alias stays in place rather than jumping to its anchor). */
  at: Node;
  /** The value as written: `newTag: 1.10` is a YAML number, but the tag is "1.10". */
  value: string;
}

/** A scalar field (`newTag`, `digest`, …) of a Kustomize `images[]` entry. */
export function kustomizeImageField(text: string, doc: Document, entry: YAMLMap, key: string): KustomizeImageField | undefined {
  const resolved = get(doc, entry, key);
  if (!isScalar(resolved) || resolved.value === null || resolved.value === undefined || !resolved.range) return undefined;
  const value = typeof resolved.value === 'string' ? resolved.value : text.slice(resolved.range[0], resolved.range[1]);
  const written = getPair(doc, entry, key)?.value;
  return { at: isNode(written) && written.range ? written : resolved, value };
}

/** How messages name a Kustomize `images[]` entry: its `name`, else its `newName`. */
export function kustomizeImageName(doc: Document, entry: YAMLMap): string | undefined {
  return getString(doc, entry, 'name') ?? getString(doc, entry, 'newName');
}

/**
 * Visits every container of a pod spec with its role: regular containers, init containers (those with
 * `restartPolicy: Always` are restartable sidecars) and ephemeral containers.
 */
export function forEachContainer(doc: Document, podSpec: YAMLMap | undefined, visit: (container: ContainerRef) => void): void {
  if (podSpec) listContainers(doc, podSpec).forEach(visit);
}

function listContainers(doc: Document, podSpec: YAMLMap): ContainerRef[] {
  const containers: ContainerRef[] = [];
  const lists: Array<[string, ContainerRole]> = [
    ['initContainers', 'init'],
    ['containers', 'container'],
    ['ephemeralContainers', 'ephemeral'],
  ];
  for (const [key, baseRole] of lists) {
    const seq = asSeq(doc, get(doc, podSpec, key));
    if (!seq) continue;
    for (const item of seq.items) {
      const node = asMap(doc, item);
      if (!node) continue;
      let role = baseRole;
      if (role === 'init' && getString(doc, node, 'restartPolicy') === 'Always') role = 'sidecar';
      const ref: ContainerRef = { node, role };
      const nameValue = get(doc, node, 'name');
      if (isScalar(nameValue)) {
        ref.nameNode = nameValue;
        if (nameValue.value !== null && nameValue.value !== undefined) ref.name = String(nameValue.value);
      }
      containers.push(ref);
    }
  }
  return containers;
}

export interface ContainerImage {
  /** The `image` value node. */
  node: Scalar;
  value: string;
  /** Parsed reference, or the reason it does not parse. */
  ref?: ImageRef;
  error?: string;
}

const TEMPLATED = /\$\{|\$\(|\{\{/;

/** A value filled in by a templating step (`${VAR}`, `$(VAR)`, `{{ }}`): only its rendered form can be judged. */
export function isTemplatedValue(value: string): boolean {
  return TEMPLATED.test(value);
}

/**
 * A container's image, parsed. Undefined when there is no scalar `image`, or when the value is filled
 * in by a templating step (`${VAR}`, `$(VAR)`): the rendered value is what matters, and we cannot see it.
 */
export function containerImage(doc: Document, container: ContainerRef): ContainerImage | undefined {
  if (container.imageMemo === undefined) container.imageMemo = readImage(doc, container) ?? null;
  return container.imageMemo ?? undefined;
}

function readImage(doc: Document, container: ContainerRef): ContainerImage | undefined {
  const node = get(doc, container.node, 'image');
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  const value = String(node.value);
  if (isTemplatedValue(value)) return undefined;
  const parsed = parseImageRef(value);
  return parsed.ok ? { node, value, ref: parsed.ref } : { node, value, error: parsed.error };
}

/** Every container of every workload in the file, with its workload. */
export function forEachWorkloadContainer(workloads: readonly Workload[], visit: (workload: Workload, container: ContainerRef) => void): void {
  for (const workload of workloads) for (const container of workload.containers) visit(workload, container);
}
