import type { Rule } from '../rule';

export const rolloutMaxUnavailableAll: Rule = {
  id: 'rollout-max-unavailable-all',
  defaultSeverity: 'warning',
  description: '`maxUnavailable` lets every replica go down at once.',
  check() {
    // TODO(helper): implement
  },
};
