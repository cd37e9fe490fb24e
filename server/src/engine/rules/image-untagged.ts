import { containerImage, forEachWorkloadContainer } from '../kube';
import type { Rule } from '../rule';

export const imageUntagged: Rule = {
  id: 'image-untagged',
  defaultSeverity: 'warning',
  description: 'An image has neither a tag nor a digest, so it means `:latest`.',
  check(ctx) {
    forEachWorkloadContainer(ctx.workloads, (workload, container) => {
      const image = containerImage(workload.doc, container);
      if (!image?.ref || image.ref.tag !== undefined || image.ref.digest !== undefined) return;
      ctx.report({
        at: image.node,
        message: `Image "${image.value}" has no tag or digest, so it means "${image.value}:latest", a tag that moves with every push. Use a version tag pinned to a digest.`,
      });
    });
  },
};
