import { getMap, getPair } from '../nodes';
import { nestingStep, recreateToRollingEdits, stringField } from '../rollout';
import type { Rule } from '../rule';

export const rolloutRecreate: Rule = {
  id: 'rollout-recreate',
  defaultSeverity: 'warning',
  description: 'A Deployment uses `strategy.type: Recreate`: every rollout is downtime.',
  check(ctx) {
    for (const workload of ctx.workloads) {
      if (workload.kind !== 'Deployment') continue;
      const { doc, spec } = workload;
      const strategy = getMap(doc, spec, 'strategy');
      const type = stringField(doc, strategy, 'type');
      if (!strategy || type?.value !== 'Recreate') continue;
      ctx.report({
        at: type.node,
        message:
          'strategy.type is Recreate: all old pods are killed before new ones start, so every rollout is downtime, and a new version that never becomes ready leaves nothing serving. Use RollingUpdate unless two versions must never run side by side.',
        fixes() {
          const step = nestingStep(ctx.text, getPair(doc, spec, 'strategy')?.key, strategy);
          const edits = recreateToRollingEdits(ctx.text, doc, strategy, step);
          // Not preferred: Recreate is sometimes deliberate (a ReadWriteOnce volume, a singleton consumer).
          return edits ? [{ title: 'Use RollingUpdate with maxUnavailable 0 and maxSurge 1', edits }] : [];
        },
      });
    }
  },
};
