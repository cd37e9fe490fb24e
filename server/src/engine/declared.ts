// What a file declares should be running: each named workload (kind, name, namespace) and the image of
// each of its containers, with source ranges. The live side (`shipshape verify`, the editor's live-digest
// hover) looks each workload up in a cluster and compares. Pure: a string in, plain data out.
import { isScalar } from 'yaml';
import { asWorkload, containerImage, isTemplatedValue, toObject, type ContainerRole, type WorkloadKind } from './kube';
import { lineRange, lineStarts } from './lines';
import { get, getMap, getString } from './nodes';
import { parseYaml, type ParsedFile } from './parse';
import { splitDocuments } from './split';
import type { LineRange } from './types';

export interface DeclaredWorkload {
  kind: WorkloadKind;
  apiVersion: string;
  name: string;
  /** `metadata.namespace` as written; absent means the context's namespace (else `default`). */
  namespace?: string;
  /** The `metadata.name` value (the place to hang a workload-wide message). Offsets into the whole text. */
  range: [number, number];
  lines: LineRange;
  containers: DeclaredContainer[];
}

export interface DeclaredContainer {
  name: string;
  /** Ephemeral containers are never in a template, so they are not listed. */
  role: Exclude<ContainerRole, 'ephemeral'>;
  /** The `image` value as written. */
  image: string;
  /** Set when `image` is not a valid reference (the comparison then has no declared digest). */
  imageError?: string;
  /** The `image` value. */
  range: [number, number];
  lines: LineRange;
}

export interface DeclaredOptions {
  /** An already parsed file, to parse once for several consumers. */
  parsed?: ParsedFile;
}

/**
 * The workloads a file declares, in text order. Left out: documents with YAML errors, workloads without a
 * literal `metadata.name` (generateName, templated names), and containers without a name or without a
 * literal image (templated values such as `${IMAGE}` are only known once rendered).
 */
export function declaredWorkloads(text: string, options: DeclaredOptions = {}): DeclaredWorkload[] {
  const starts = lineStarts(text);
  const workloads: DeclaredWorkload[] = [];
  for (const source of (options.parsed ?? parseYaml(text)).docs) {
    if (source.errors.length > 0) continue;
    const object = toObject(source);
    const workload = object && asWorkload(object);
    if (!workload || workload.apiVersion === undefined || workload.name === undefined || isTemplatedValue(workload.name)) continue;
    const doc = source.doc;
    const nameNode = get(doc, getMap(doc, workload.root, 'metadata'), 'name');
    const nameRange = isScalar(nameNode) ? nameNode.range : undefined;
    if (!nameRange) continue;
    const namespace = getString(doc, getMap(doc, workload.root, 'metadata'), 'namespace');
    if (namespace !== undefined && isTemplatedValue(namespace)) continue;

    const containers: DeclaredContainer[] = [];
    for (const container of workload.containers) {
      if (container.role === 'ephemeral' || container.name === undefined) continue;
      const image = containerImage(doc, container);
      const range = image?.node.range;
      if (!image || !range) continue;
      containers.push({
        name: container.name,
        role: container.role,
        image: image.value,
        ...(image.error !== undefined && { imageError: image.error }),
        range: [range[0], range[1]],
        lines: lineRange(starts, range[0], range[1]),
      });
    }
    workloads.push({
      kind: workload.kind,
      apiVersion: workload.apiVersion,
      name: workload.name,
      ...(namespace !== undefined && namespace !== '' && { namespace }),
      range: [nameRange[0], nameRange[1]],
      lines: lineRange(starts, nameRange[0], nameRange[1]),
      containers,
    });
  }
  return workloads;
}

export interface DeclaredAt {
  workload: DeclaredWorkload;
  container: DeclaredContainer;
}

/**
 * The workload container whose `image` value covers `offset`, if any. Parses only the YAML document that
 * holds the offset (a hover in a 2,000-document file stays cheap); ranges and lines are into the whole text.
 */
export function declaredAt(text: string, offset: number): DeclaredAt | undefined {
  const chunks = splitDocuments(text);
  const chunk = chunks.findLast((c) => c.start <= offset);
  if (!chunk) return undefined;
  const local = offset - chunk.start;
  for (const workload of declaredWorkloads(chunk.text)) {
    const container = workload.containers.find((c) => c.range[0] <= local && local <= c.range[1]);
    if (!container) continue;
    const firstLine = lineStarts(text.slice(0, chunk.start)).length - 1;
    const shift = <T extends { range: [number, number]; lines: LineRange }>(item: T): T => ({
      ...item,
      range: [item.range[0] + chunk.start, item.range[1] + chunk.start],
      lines: { ...item.lines, startLine: item.lines.startLine + firstLine, endLine: item.lines.endLine + firstLine },
    });
    return { workload: { ...shift(workload), containers: workload.containers.map(shift) }, container: shift(container) };
  }
  return undefined;
}
