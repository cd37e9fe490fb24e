import { forEachWorkloadContainer } from '../kube';
import { replaceNode } from '../edit';
import { containerLabel, declaredPorts, describePort, forEachProbePort, portValueYaml, probePortNumber, type DeclaredPort, type ProbeKind, type ProbePort } from '../probes';
import type { Rule } from '../rule';
import type { Fix } from '../types';

const MAX_FIXES = 5;

const FAILING_PROBE: Record<ProbeKind, string> = {
  readinessProbe: 'the pod never becomes Ready, gets no traffic, and the rollout stalls',
  livenessProbe: 'the kubelet restarts the container over and over',
  startupProbe: 'the kubelet kills the container before it ever finishes starting',
};

export const probePortUnknown: Rule = {
  id: 'probe-port-unknown',
  defaultSeverity: 'error',
  description: 'A probe targets a port the container does not declare.',
  check(ctx) {
    forEachWorkloadContainer(ctx.workloads, (workload, container) => {
      const doc = workload.doc;
      const ports = declaredPorts(doc, container.node);
      const list = ports.map(describePort).join(', ');
      const declared = list ? `it declares ${list}` : 'it declares no ports';
      forEachProbePort(doc, container.node, (probe) => {
        const field = `${probe.kind}.${probe.handler}.port`;
        const where = `${containerLabel(container)} (${declared})`;
        const fixes = () => portFixes(probe, ports);
        const number = probePortNumber(probe.value);
        if (number === undefined) {
          const byName = ports.find((p) => p.name === probe.value);
          if (probe.handler === 'grpc') {
            const hint = byName?.number !== undefined ? `Use ${byName.number}, the number of port "${byName.name}".` : list ? `Use one of its containerPorts (${list}).` : 'Use the number the server listens on.';
            ctx.report({
              at: probe.node,
              message: `${field} "${probe.value}" of ${containerLabel(container)} is a name, but gRPC probes take only a port number: the API server rejects the manifest and nothing is deployed. ${hint}`,
              fixes,
            });
          } else if (!byName) {
            ctx.report({
              at: probe.node,
              message: `${field} "${probe.value}" names no port of ${where}: the kubelet cannot resolve it, so the probe fails every time and ${FAILING_PROBE[probe.kind]}.`,
              fixes,
            });
          }
          return;
        }
        const numbers = ports.flatMap((p) => (p.number === undefined ? [] : [p.number]));
        if (numbers.length === 0 || numbers.includes(number)) return;
        ctx.report({
          at: probe.node,
          severity: 'warning',
          message: `${field} ${number} is not a containerPort of ${where}: the probe is probably aimed at the wrong port, and if nothing listens on ${number} it fails every time and ${FAILING_PROBE[probe.kind]}.`,
          fixes,
        });
      });
    });
  },
};

/** One fix per declared port the probe could aim at instead (gRPC probes take numbers only). */
function portFixes(probe: ProbePort, ports: readonly DeclaredPort[]): Fix[] {
  const numberOnly = probe.handler === 'grpc';
  const fixes: Fix[] = [];
  const seen = new Set<string>();
  for (const port of ports) {
    const text = portValueYaml(port, numberOnly);
    if (text === undefined || seen.has(text)) continue;
    seen.add(text);
    const edit = replaceNode(probe.node, text);
    if (edit) fixes.push({ title: `Probe port ${numberOnly ? text : describePort(port)}`, edits: [edit] });
    if (fixes.length === MAX_FIXES) break;
  }
  if (fixes.length === 1) fixes[0]!.preferred = true;
  return fixes;
}
