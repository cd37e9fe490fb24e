import type { Rule } from '../rule';

export const kustomizeImageInvalidDigest: Rule = {
  id: 'kustomize-image-invalid-digest',
  defaultSeverity: 'error',
  description: 'A Kustomize `images` entry has a `digest` that is not `sha256:` and 64 hex digits.',
  check() {
    // TODO(helper): implement
  },
};
