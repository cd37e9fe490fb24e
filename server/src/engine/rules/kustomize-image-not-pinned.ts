import type { Rule } from '../rule';

export const kustomizeImageNotPinned: Rule = {
  id: 'kustomize-image-not-pinned',
  defaultSeverity: 'hint',
  description: 'A Kustomize `images` entry sets a version tag but no digest.',
  check() {
    // TODO(helper): implement
  },
};
