import { asMap, get, getPair } from '../nodes';
import { addProbeFixes, containerAnchor, containerLabel, forEachLongRunningContainer } from '../probes';
import type { Rule } from '../rule';

export const probeLivenessMissing: Rule = {
  id: 'probe-liveness-missing',
  defaultSeverity: 'information',
  description: 'A long-running container has no livenessProbe: a hung process is never restarted.',
  check(ctx) {
    forEachLongRunningContainer(ctx.workloads, (workload, container) => {
      const doc = workload.doc;
      if (asMap(doc, get(doc, container.node, 'livenessProbe'))) return;
      // An empty `livenessProbe:` is no probe either, but adding another key would duplicate it.
      const emptyKey = getPair(doc, container.node, 'livenessProbe') !== undefined;
      ctx.report({
        at: containerAnchor(container),
        message: `${containerLabel(container, true)} has no livenessProbe: if the process hangs without exiting, the kubelet never restarts it and the pod stays Running while serving nothing.`,
        fixes: () => (emptyKey ? [] : addProbeFixes(ctx.text, doc, container.node, 'livenessProbe')),
      });
    });
  },
};
