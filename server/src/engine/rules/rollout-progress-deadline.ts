import { insertAfterPair } from '../edit';
import { getPair } from '../nodes';
import { DEFAULT_PROGRESS_DEADLINE_SECONDS, defaultProgressDeadline, numberField, ownPair, rejectedBy, replaceValue } from '../rollout';
import type { Rule } from '../rule';

export const rolloutProgressDeadline: Rule = {
  id: 'rollout-progress-deadline',
  defaultSeverity: 'error',
  description: '`progressDeadlineSeconds` is not greater than `minReadySeconds` (the API rejects it).',
  check(ctx) {
    for (const workload of ctx.workloads) {
      if (workload.kind !== 'Deployment' && workload.kind !== 'Rollout') continue;
      const { doc, spec } = workload;
      if (!spec) continue;
      const minReady = numberField(doc, spec, 'minReadySeconds');
      const deadline = numberField(doc, spec, 'progressDeadlineSeconds');
      // A value we cannot read (a template placeholder, say) is not evidence either way.
      if ((!minReady && getPair(doc, spec, 'minReadySeconds')) || (!deadline && getPair(doc, spec, 'progressDeadlineSeconds'))) continue;
      const minValue = minReady?.value ?? 0;
      const target = minValue + DEFAULT_PROGRESS_DEADLINE_SECONDS;
      const title = `Set progressDeadlineSeconds to ${target} (minReadySeconds + ${DEFAULT_PROGRESS_DEADLINE_SECONDS})`;
      const why = 'a new pod only counts as available after minReadySeconds, so the deadline would always expire first';
      if (deadline) {
        if (deadline.value > minValue) continue;
        ctx.report({
          at: deadline.node,
          message: `progressDeadlineSeconds (${deadline.value}) is not greater than minReadySeconds (${minValue}): ${rejectedBy(workload)} (${why}).`,
          fixes() {
            const edit = replaceValue(deadline.pair, String(target));
            return edit ? [{ title, edits: [edit] }] : [];
          },
        });
        continue;
      }
      const byDefault = defaultProgressDeadline(workload);
      if (!minReady || byDefault === undefined || minReady.value < byDefault) continue;
      ctx.report({
        at: minReady.node,
        message: `minReadySeconds (${minReady.value}) is not less than the default progressDeadlineSeconds (${byDefault}): ${rejectedBy(workload)} (${why}).`,
        fixes() {
          const own = ownPair(spec, 'minReadySeconds');
          const edit = own && insertAfterPair(ctx.text, spec, own, [`progressDeadlineSeconds: ${target}`]);
          return edit ? [{ title, edits: [edit] }] : [];
        },
      });
    }
  },
};
