import type { Rule } from '../rule';

export const probeReadinessMissing: Rule = {
  id: 'probe-readiness-missing',
  defaultSeverity: 'warning',
  description: 'A long-running container has no readinessProbe: it gets traffic before it can serve.',
  check() {
    // TODO(helper): implement
  },
};
