import { getMap } from '../nodes';
import { replaceValue, stringField } from '../rollout';
import type { Rule } from '../rule';

export const rolloutOnDelete: Rule = {
  id: 'rollout-on-delete',
  defaultSeverity: 'information',
  description: '`updateStrategy.type: OnDelete`: a changed image reaches no pod until pods are deleted by hand.',
  check(ctx) {
    for (const workload of ctx.workloads) {
      if (workload.kind !== 'StatefulSet' && workload.kind !== 'DaemonSet') continue;
      const type = stringField(workload.doc, getMap(workload.doc, workload.spec, 'updateStrategy'), 'type');
      if (type?.value !== 'OnDelete') continue;
      ctx.report({
        at: type.node,
        message: `updateStrategy.type is OnDelete: a changed pod template (a new image, new config) reaches no pod until someone deletes each pod by hand, so "applied" does not mean "deployed".`,
        fixes() {
          const edit = replaceValue(type.pair, 'RollingUpdate');
          // Not preferred: OnDelete is often a deliberate, hand-driven upgrade procedure.
          return edit ? [{ title: 'Use RollingUpdate', edits: [edit] }] : [];
        },
      });
    }
  },
};
