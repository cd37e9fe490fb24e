import { containerImage, forEachWorkloadContainer } from '../kube';
import type { Rule } from '../rule';

export const imageLatestTag: Rule = {
  id: 'image-latest-tag',
  defaultSeverity: 'warning',
  description: 'An image uses the mutable tag `latest` without a digest.',
  check(ctx) {
    forEachWorkloadContainer(ctx.workloads, (workload, container) => {
      const image = containerImage(workload.doc, container);
      if (!image?.ref || image.ref.tag !== 'latest' || image.ref.digest) return;
      ctx.report({
        at: image.node,
        message: `Image "${image.value}" uses the tag "latest", which moves with every push: nodes run whichever build they pulled last, and a redeploy changes nothing. Use a version tag pinned to a digest.`,
      });
    });
  },
};
