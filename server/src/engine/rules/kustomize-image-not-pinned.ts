import { isNode } from 'yaml';
import { isTemplatedValue, kustomizeImageField, kustomizeImageName } from '../kube';
import { firstKeyRange, getPair, getString } from '../nodes';
import type { Rule } from '../rule';

export const kustomizeImageNotPinned: Rule = {
  id: 'kustomize-image-not-pinned',
  defaultSeverity: 'hint',
  description: 'A Kustomize `images` entry sets a version tag but no digest.',
  check(ctx) {
    for (const kustomization of ctx.kustomizations) {
      const doc = kustomization.doc;
      for (const entry of kustomization.images ?? []) {
        const tag = kustomizeImageField(ctx.text, doc, entry, 'newTag')?.value;
        if (tag === undefined || tag === '' || tag === 'latest' || isTemplatedValue(tag)) continue;
        if (getString(doc, entry, 'digest')) continue;
        // Anchored where the entry is written (an alias stays in place rather than jumping to its anchor).
        const nameNode = getPair(doc, entry, 'name')?.value;
        const name = kustomizeImageName(doc, entry);
        const subject = name === undefined ? 'This image' : `Image "${name}"`;
        ctx.report({
          at: isNode(nameNode) && nameNode.range ? nameNode : firstKeyRange(entry),
          message: `${subject} is set to the tag "${tag}" without a digest: if "${tag}" is re-pushed, nodes may run different builds under the same manifest. Add digest: sha256:… (kustomize 4.5 and later render name:tag@digest).`,
        });
      }
    }
  },
};
