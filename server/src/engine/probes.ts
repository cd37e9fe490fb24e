// Probe knowledge shared by the probe rules: probe kinds and handlers, a container's declared ports,
// where a probe points, and the skeleton a quick fix adds.
import { isAlias, isScalar, type Document, type Node, type YAMLMap } from 'yaml';
import { appendToBlockMap } from './edit';
import { forEachWorkloadContainer, isTemplatedValue, type ContainerRef, type Workload } from './kube';
import { asMap, asSeq, deref, firstKeyRange, get, getMap, getPair, getString, scalarNumber } from './nodes';
import type { Fix } from './types';

export const PROBE_KINDS = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

/** The probe handlers that aim at a port. `grpc.port` is a plain number; the others take a number or a port name. */
export const PORT_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;
export type PortHandler = (typeof PORT_HANDLERS)[number];

export interface DeclaredPort {
  name?: string;
  number?: number;
}

/** The container's `ports` entries, in order. */
export function declaredPorts(doc: Document, container: YAMLMap): DeclaredPort[] {
  const seq = asSeq(doc, get(doc, container, 'ports'));
  if (!seq) return [];
  const ports: DeclaredPort[] = [];
  for (const item of seq.items) {
    const entry = asMap(doc, item);
    if (!entry) continue;
    const port: DeclaredPort = {};
    const name = getString(doc, entry, 'name');
    const number = scalarNumber(doc, get(doc, entry, 'containerPort'));
    if (name !== undefined && name !== '') port.name = name;
    if (number !== undefined) port.number = number;
    ports.push(port);
  }
  return ports;
}

/** "http (8080)", "http" or "8080", for messages and fix titles. */
export function describePort(port: DeclaredPort): string {
  if (port.name !== undefined && port.number !== undefined) return `${port.name} (${port.number})`;
  return port.name ?? String(port.number ?? '?');
}

// Words YAML 1.1 (which Kubernetes' parser follows) reads as booleans or null: a port named like one must be quoted.
const YAML_KEYWORDS = new Set(['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null']);

/** A port name as a YAML scalar that reads back as that string. */
export function portNameYaml(name: string): string {
  return /^[a-z][a-z0-9-]*$/.test(name) && !YAML_KEYWORDS.has(name) ? name : JSON.stringify(name);
}

/** The text a probe's `port` takes to aim at `port`: its name when it has one (unless numbers only), else its number. */
export function portValueYaml(port: DeclaredPort, numberOnly = false): string | undefined {
  if (!numberOnly && port.name !== undefined) return portNameYaml(port.name);
  return port.number !== undefined ? String(port.number) : undefined;
}

export interface ProbePort {
  kind: ProbeKind;
  handler: PortHandler;
  /** The `port` value as written (an alias stays an alias): where to report and what to replace. */
  node: Node;
  /** The value, aliases resolved. */
  value: string | number;
}

/** Every `<probe>.<handler>.port` scalar of a container. Values filled in by a templating step are left out. */
export function forEachProbePort(doc: Document, container: YAMLMap, visit: (port: ProbePort) => void): void {
  for (const kind of PROBE_KINDS) {
    const probe = getMap(doc, container, kind);
    for (const handler of PORT_HANDLERS) {
      const pair = getPair(doc, getMap(doc, probe, handler), 'port');
      const written = pair?.value;
      const resolved = deref(doc, written);
      if (!isScalar(resolved) || (!isScalar(written) && !isAlias(written))) continue;
      const value = resolved.value;
      if (typeof value === 'number' || (typeof value === 'string' && value !== '' && !isTemplatedValue(value))) {
        visit({ kind, handler, node: written, value });
      }
    }
  }
}

/** Whether a probe port value is a number (a digit string counts: the kubelet falls back to parsing it). */
export function probePortNumber(value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Long-running workloads' regular containers: the ones that should have readiness and liveness probes. */
export function forEachLongRunningContainer(workloads: readonly Workload[], visit: (workload: Workload, container: ContainerRef) => void): void {
  forEachWorkloadContainer(
    workloads.filter((w) => w.longRunning),
    (workload, container) => {
      if (container.role === 'container') visit(workload, container);
    },
  );
}

/** `container "api"`, or a stand-in for a container without a name; capitalised to start a sentence. */
export function containerLabel(container: ContainerRef, capital = false): string {
  const label = container.name !== undefined ? `container "${container.name}"` : 'a container without a name';
  return capital ? label[0]!.toUpperCase() + label.slice(1) : label;
}

/**
 * Where a finding about a whole container goes: its `name` value, else its first key. A name that comes
 * from a merged map elsewhere in the file does not count, or several containers would share one range.
 */
export function containerAnchor(container: ContainerRef): [number, number] | undefined {
  const own = container.node.range;
  const name = container.nameNode?.range;
  if (name && own && name[0] >= own[0] && name[1] <= own[1]) return [name[0], name[1]];
  return firstKeyRange(container.node);
}

/** The lines of a TCP probe on `port` (a YAML scalar), relative to the container's keys. */
export function probeSkeleton(kind: ProbeKind, port: string): string[] {
  return [`${kind}:`, '  tcpSocket:', `    port: ${port}`, '  periodSeconds: 10'];
}

/**
 * The fix that adds a TCP probe on the container's first declared port. None when the container declares
 * no port (a probe on a guessed port would fail and get pods restarted) or is written in flow style.
 */
export function addProbeFixes(text: string, doc: Document, container: YAMLMap, kind: ProbeKind): Fix[] {
  const first = declaredPorts(doc, container)[0];
  const port = first && portValueYaml(first);
  if (!first || port === undefined) return [];
  const edit = appendToBlockMap(text, container, probeSkeleton(kind, port));
  return edit ? [{ title: `Add a ${kind} on port ${first.name ?? port}`, edits: [edit] }] : [];
}
