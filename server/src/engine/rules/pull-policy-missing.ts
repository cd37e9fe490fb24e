import { containerImage, forEachWorkloadContainer } from '../kube';
import { getPair } from '../nodes';
import { insertAfterPair } from '../edit';
import type { Rule } from '../rule';

export const pullPolicyMissing: Rule = {
  id: 'pull-policy-missing',
  defaultSeverity: 'warning',
  description: 'No `imagePullPolicy` on a version tag without digest: it defaults to IfNotPresent.',
  check(ctx) {
    forEachWorkloadContainer(ctx.workloads, (workload, container) => {
      const doc = workload.doc;
      const image = containerImage(doc, container);
      const ref = image?.ref;
      if (!image || !ref || ref.digest || ref.tag === undefined || ref.tag === 'latest') return;
      if (getPair(doc, container.node, 'imagePullPolicy')) return;
      ctx.report({
        at: image.node,
        message: `No imagePullPolicy: "${image.value}" defaults to IfNotPresent, so a rebuilt or re-pushed "${ref.tag}" never reaches nodes that cached it. Set imagePullPolicy: Always, or pin a digest.`,
        fixes() {
          const imagePair = getPair(doc, container.node, 'image');
          const edit = imagePair && insertAfterPair(ctx.text, container.node, imagePair, ['imagePullPolicy: Always']);
          return edit ? [{ title: 'Add imagePullPolicy: Always', edits: [edit], preferred: true }] : [];
        },
      });
    });
  },
};
