import type { Rule } from '../rule';

export const probePortUnknown: Rule = {
  id: 'probe-port-unknown',
  defaultSeverity: 'error',
  description: 'A probe targets a port the container does not declare.',
  check() {
    // TODO(helper): implement
  },
};
