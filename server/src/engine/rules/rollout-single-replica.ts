import { numberField } from '../rollout';
import type { Rule } from '../rule';

export const rolloutSingleReplica: Rule = {
  id: 'rollout-single-replica',
  defaultSeverity: 'information',
  description: '`replicas: 1`: a crash, an eviction or a node drain leaves nothing serving.',
  check(ctx) {
    for (const workload of ctx.workloads) {
      if (workload.kind !== 'Deployment' && workload.kind !== 'StatefulSet' && workload.kind !== 'Rollout') continue;
      const replicas = numberField(workload.doc, workload.spec, 'replicas');
      if (replicas?.value !== 1) continue;
      const rollout =
        workload.kind === 'StatefulSet' ? ' A StatefulSet also stops its pod before starting the new one, so every rollout is downtime too.' : '';
      ctx.report({
        at: replicas.node,
        message: `replicas: 1: a crash, an eviction or a node drain leaves nothing serving until a replacement pod is ready.${rollout}`,
      });
    }
  },
};
