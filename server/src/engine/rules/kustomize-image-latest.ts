import { isNode, isScalar } from 'yaml';
import { get, getPair, getString } from '../nodes';
import type { Rule } from '../rule';

export const kustomizeImageLatest: Rule = {
  id: 'kustomize-image-latest',
  defaultSeverity: 'warning',
  description: 'A Kustomize `images` entry sets `newTag: latest`: the rendered manifest never changes between releases.',
  check(ctx) {
    for (const kustomization of ctx.kustomizations) {
      const doc = kustomization.doc;
      for (const entry of kustomization.images ?? []) {
        const newTag = get(doc, entry, 'newTag');
        if (!isScalar(newTag) || newTag.value !== 'latest') continue;
        // A digest wins over the tag: the rendered reference is pinned.
        if (getString(doc, entry, 'digest')) continue;
        const name = getString(doc, entry, 'name') ?? getString(doc, entry, 'newName');
        const subject = name === undefined ? 'this image' : `"${name}"`;
        // Anchored where the entry is written (an alias stays in place rather than jumping to its anchor).
        const written = getPair(doc, entry, 'newTag')?.value;
        ctx.report({
          at: isNode(written) && written.range ? written : newTag,
          message: `newTag: latest on ${subject}: the rendered manifest is the same for every release, so Argo CD or Flux reports "Synced" while the cluster keeps running the image it pulled before. Set newTag to the release's version (and a digest).`,
        });
      }
    }
  },
};
