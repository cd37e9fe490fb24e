import type { Rule } from '../rule';

export const probeLivenessMissing: Rule = {
  id: 'probe-liveness-missing',
  defaultSeverity: 'information',
  description: 'A long-running container has no livenessProbe: a hung process is never restarted.',
  check() {
    // TODO(helper): implement
  },
};
