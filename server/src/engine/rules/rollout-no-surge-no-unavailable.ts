import { insertAfterPair } from '../edit';
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
      if (!unavailable || unavailable.value.value !== 0) continue;
      // A DaemonSet's maxSurge defaults to 0, so maxUnavailable: 0 alone is already both 0.
      const surgeDefaultsToZero = !surge && workload.kind === 'DaemonSet';
      if (!(surge ? surge.value.value === 0 : surgeDefaultsToZero)) continue;
      const how = surge ? 'are both 0' : 'are both 0 (a DaemonSet\'s maxSurge defaults to 0)';
      ctx.report({
        at: unavailable.node,
        message: `${params.path}.maxSurge and maxUnavailable ${how}: the rollout could neither start a new pod nor stop an old one, so ${rejectedBy(workload)}.`,
        fixes() {
          const edit = surge ? replaceValue(surge.pair, '1') : insertAfterPair(ctx.text, params.map, unavailable.pair, ['maxSurge: 1']);
          return edit ? [{ title: 'Set maxSurge to 1', edits: [edit], preferred: true }] : [];
        },
      });
    }
  },
};
