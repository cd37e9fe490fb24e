import type { Rule } from '../rule';

export const rolloutNoRevisionHistory: Rule = {
  id: 'rollout-no-revision-history',
  defaultSeverity: 'warning',
  description: '`revisionHistoryLimit: 0`: there is no revision to roll back to.',
  check() {
    // TODO(helper): implement
  },
};
