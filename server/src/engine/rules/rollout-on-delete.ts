import type { Rule } from '../rule';

export const rolloutOnDelete: Rule = {
  id: 'rollout-on-delete',
  defaultSeverity: 'information',
  description: '`updateStrategy.type: OnDelete`: a changed image reaches no pod until pods are deleted by hand.',
  check() {
    // TODO(helper): implement
  },
};
