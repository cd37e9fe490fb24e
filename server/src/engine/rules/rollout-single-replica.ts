import type { Rule } from '../rule';

export const rolloutSingleReplica: Rule = {
  id: 'rollout-single-replica',
  defaultSeverity: 'information',
  description: '`replicas: 1`: any rollout, eviction or crash is downtime.',
  check() {
    // TODO(helper): implement
  },
};
