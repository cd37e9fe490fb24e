import type { Rule } from '../rule';

export const rolloutRecreate: Rule = {
  id: 'rollout-recreate',
  defaultSeverity: 'warning',
  description: 'A Deployment uses `strategy.type: Recreate`: every rollout is downtime.',
  check() {
    // TODO(helper): implement
  },
};
