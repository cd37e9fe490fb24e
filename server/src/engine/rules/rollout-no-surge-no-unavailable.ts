import type { Rule } from '../rule';

export const rolloutNoSurgeNoUnavailable: Rule = {
  id: 'rollout-no-surge-no-unavailable',
  defaultSeverity: 'error',
  description: '`maxSurge` and `maxUnavailable` are both 0: the rollout cannot make progress (the API rejects it).',
  check() {
    // TODO(helper): implement
  },
};
