import { asMap, get, getPair } from '../nodes';
import { addProbeFixes, containerAnchor, containerLabel, forEachLongRunningContainer } from '../probes';
import type { Rule } from '../rule';

export const probeReadinessMissing: Rule = {
  id: 'probe-readiness-missing',
  defaultSeverity: 'warning',
  description: 'A long-running container has no readinessProbe: it gets traffic before it can serve.',
  check(ctx) {
    forEachLongRunningContainer(ctx.workloads, (workload, container) => {
      const doc = workload.doc;
      if (asMap(doc, get(doc, container.node, 'readinessProbe'))) return;
      // An empty `readinessProbe:` is no probe either, but adding another key would duplicate it.
      const emptyKey = getPair(doc, container.node, 'readinessProbe') !== undefined;
      ctx.report({
        at: containerAnchor(container),
        message: `${containerLabel(container, true)} has no readinessProbe: it counts as ready the moment it starts, so Services send it requests before it can serve and a rollout replaces old pods with new ones that may never work. Add a readinessProbe.`,
        fixes: () => (emptyKey ? [] : addProbeFixes(ctx.text, doc, container.node, 'readinessProbe')),
      });
    });
  },
};
