import { containerImage, forEachWorkloadContainer } from '../kube';
import type { Rule } from '../rule';

export const imageInvalidReference: Rule = {
  id: 'image-invalid-reference',
  defaultSeverity: 'error',
  description: 'An image is not a valid reference; the pod will fail with InvalidImageName.',
  check(ctx) {
    forEachWorkloadContainer(ctx.workloads, (workload, container) => {
      const image = containerImage(workload.doc, container);
      if (!image?.error) return;
      ctx.report({
        at: image.node,
        message: `Image "${image.value}" is not a valid image reference: ${image.error}. The pod would fail with InvalidImageName.`,
      });
    });
  },
};
