import type { Rule } from '../rule';

export const rolloutProgressDeadline: Rule = {
  id: 'rollout-progress-deadline',
  defaultSeverity: 'error',
  description: '`progressDeadlineSeconds` is not greater than `minReadySeconds` (the API rejects it).',
  check() {
    // TODO(helper): implement
  },
};
