import { isScalar } from 'yaml';
import { containerImage, forEachWorkloadContainer } from '../kube';
import { get } from '../nodes';
import { replaceNode } from '../edit';
import type { Rule } from '../rule';

export const pullPolicyStaleCache: Rule = {
  id: 'pull-policy-stale-cache',
  defaultSeverity: 'warning',
  description: '`imagePullPolicy: IfNotPresent` or `Never` on an image without a digest.',
  check(ctx) {
    forEachWorkloadContainer(ctx.workloads, (workload, container) => {
      const doc = workload.doc;
      const policy = get(doc, container.node, 'imagePullPolicy');
      if (!isScalar(policy) || (policy.value !== 'IfNotPresent' && policy.value !== 'Never')) return;
      const image = containerImage(doc, container);
      if (!image?.ref || image.ref.digest) return;
      const consequence =
        policy.value === 'Never'
          ? 'the kubelet never pulls, so each node runs whatever copy it already has (or fails to start)'
          : 'a node that cached this tag keeps its old copy, so a re-pushed tag never arrives';
      ctx.report({
        at: policy,
        message: `imagePullPolicy: ${policy.value} on "${image.value}", which has no digest: ${consequence}. Use Always, or pin a digest.`,
        fixes() {
          const edit = replaceNode(policy, 'Always');
          return edit ? [{ title: 'Set imagePullPolicy: Always', edits: [edit], preferred: true }] : [];
        },
      });
    });
  },
};
