import type { Rule } from '../rule';

export const kustomizeImageLatest: Rule = {
  id: 'kustomize-image-latest',
  defaultSeverity: 'warning',
  description: 'A Kustomize `images` entry sets `newTag: latest`: the rendered manifest never changes between releases.',
  check() {
    // TODO(helper): implement
  },
};
