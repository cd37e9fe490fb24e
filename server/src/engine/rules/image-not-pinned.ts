import { containerImage, forEachWorkloadContainer } from '../kube';
import type { Rule } from '../rule';

export const imageNotPinned: Rule = {
  id: 'image-not-pinned',
  defaultSeverity: 'hint',
  description: 'An image has a version tag but no digest; the tag can be re-pushed.',
  check(ctx) {
    forEachWorkloadContainer(ctx.workloads, (workload, container) => {
      const image = containerImage(workload.doc, container);
      const ref = image?.ref;
      if (!image || !ref || ref.tag === undefined || ref.tag === 'latest' || ref.digest) return;
      ctx.report({
        at: image.node,
        message: `Image "${image.value}" has no digest: if "${ref.tag}" is re-pushed, nodes may run different builds. Pin it to a digest.`,
      });
    });
  },
};
