import { intOrPercentField, rejectedBy, replaceValue, rollingParams } from '../rollout';
import type { Rule } from '../rule';

export const rolloutNoSurgeNoUnavailable: Rule = {
  id: 'rollout-no-surge-no-unavailable',
  defaultSeverity: 'error',
  description: '`maxSurge` and `maxUnavailable` are both 0: the rollout cannot make progress (the API rejects it).',
  check(ctx) {
    for (const workload of ctx.workloads) {
      if (workload.kind !== 'Deployment' && workload.kind !== 'DaemonSet' && workload.kind !== 'Rollout') continue;
      const params = rollingParams(workload);
      if (!params) continue;
      const { doc } = workload;
      const unavailable = intOrPercentField(doc, params.map, 'maxUnavailable');
      const surge = intOrPercentField(doc, params.map, 'maxSurge');
      if (!unavailable || !surge || unavailable.value.value !== 0 || surge.value.value !== 0) continue;
      ctx.report({
        at: unavailable.node,
        message: `${params.path}.maxSurge and maxUnavailable are both 0: the rollout could neither start a new pod nor stop an old one, so ${rejectedBy(workload)}.`,
        fixes() {
          const edit = replaceValue(surge.pair, '1');
          return edit ? [{ title: 'Set maxSurge to 1', edits: [edit], preferred: true }] : [];
        },
      });
    }
  },
};
