import { numberField, replaceValue } from '../rollout';
import type { Rule } from '../rule';

export const rolloutNoRevisionHistory: Rule = {
  id: 'rollout-no-revision-history',
  defaultSeverity: 'warning',
  description: '`revisionHistoryLimit: 0`: there is no revision to roll back to.',
  check(ctx) {
    for (const workload of ctx.workloads) {
      const kind = workload.kind;
      if (kind !== 'Deployment' && kind !== 'StatefulSet' && kind !== 'DaemonSet' && kind !== 'Rollout') continue;
      const limit = numberField(workload.doc, workload.spec, 'revisionHistoryLimit');
      if (limit?.value !== 0) continue;
      const kept = kind === 'Deployment' || kind === 'Rollout' ? 'old ReplicaSet' : 'old ControllerRevision';
      const undo = kind === 'Rollout' ? 'kubectl argo rollouts undo' : 'kubectl rollout undo';
      ctx.report({
        at: limit.node,
        message: `revisionHistoryLimit: 0 deletes every ${kept} once a rollout completes: \`${undo}\` has nothing to go back to, so a bad release can only be fixed forward.`,
        fixes() {
          const edit = replaceValue(limit.pair, '10');
          return edit ? [{ title: 'Keep 10 revisions', edits: [edit], preferred: true }] : [];
        },
      });
    }
  },
};
