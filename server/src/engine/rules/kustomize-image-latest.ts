import { kustomizeImageField, kustomizeImageName } from '../kube';
import { getString } from '../nodes';
import type { Rule } from '../rule';

export const kustomizeImageLatest: Rule = {
  id: 'kustomize-image-latest',
  defaultSeverity: 'warning',
  description: 'A Kustomize `images` entry sets `newTag: latest`: the rendered manifest never changes between releases.',
  check(ctx) {
    for (const kustomization of ctx.kustomizations) {
      const doc = kustomization.doc;
      for (const entry of kustomization.images ?? []) {
        const newTag = kustomizeImageField(ctx.text, doc, entry, 'newTag');
        if (newTag?.value !== 'latest') continue;
        // A digest wins over the tag: the rendered reference is pinned.
        if (getString(doc, entry, 'digest')) continue;
        const name = kustomizeImageName(doc, entry);
        const subject = name === undefined ? 'this image' : `"${name}"`;
        ctx.report({
          at: newTag.at,
          message: `newTag: latest on ${subject}: the rendered manifest is the same for every release, so Argo CD or Flux reports "Synced" while the cluster keeps running the image it pulled before. Set newTag to the release's version (and a digest).`,
        });
      }
    }
  },
};
