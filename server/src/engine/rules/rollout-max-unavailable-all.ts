import { intOrPercentField, numberField, rollingParams, surgeOnlyEdits } from '../rollout';
import type { Rule } from '../rule';

export const rolloutMaxUnavailableAll: Rule = {
  id: 'rollout-max-unavailable-all',
  defaultSeverity: 'warning',
  description: '`maxUnavailable` lets every replica go down at once.',
  check(ctx) {
    for (const workload of ctx.workloads) {
      if (workload.kind !== 'Deployment' && workload.kind !== 'DaemonSet') continue;
      const params = rollingParams(workload);
      if (!params) continue;
      const { doc } = workload;
      const unavailable = intOrPercentField(doc, params.map, 'maxUnavailable');
      if (!unavailable) continue;
      const { percent, value } = unavailable.value;
      let setting: string | undefined;
      if (percent && value >= 100) {
        setting = `maxUnavailable: ${value}%${value > 100 ? ' (over 100%, which the API also rejects)' : ''}`;
      } else if (!percent && workload.kind === 'Deployment') {
        // Only an explicit replica count: without one an autoscaler may own it, and the count is unknown.
        const replicas = numberField(doc, workload.spec, 'replicas');
        if (replicas && replicas.value > 0 && value >= replicas.value) setting = `maxUnavailable: ${value} with replicas: ${replicas.value}`;
      }
      if (!setting) continue;
      const victims = workload.kind === 'DaemonSet' ? 'the pod on every node' : 'every old pod';
      ctx.report({
        at: unavailable.node,
        message: `${setting} lets the rollout take down ${victims} at once: the rollout is downtime, and a new version that never becomes ready leaves nothing serving.`,
        fixes() {
          const edits = surgeOnlyEdits(ctx.text, doc, params.map);
          return edits ? [{ title: 'Use maxUnavailable 0 and maxSurge 1', edits, preferred: true }] : [];
        },
      });
    }
  },
};
