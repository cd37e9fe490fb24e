import { isSha256Digest } from '../image-ref';
import { isTemplatedValue, kustomizeImageField, kustomizeImageName } from '../kube';
import type { Rule } from '../rule';

/** Why a digest is not a sha256 digest, in words a user recognises. */
function reason(digest: string): string {
  if (/^[0-9a-f]{7,40}$/i.test(digest)) return 'it looks like a git commit SHA, not an image digest';
  if (/^[0-9a-f]{64}$/i.test(digest)) return 'the "sha256:" prefix is missing';
  const hex = /^sha256:([0-9a-fA-F]*)$/.exec(digest)?.[1];
  if (hex !== undefined && hex.length === 64) return 'the hex digits must be lowercase';
  if (hex !== undefined) return `it has ${hex.length} hex digits, not 64 (a short digest)`;
  return 'it is not "sha256:" followed by 64 lowercase hex digits';
}

export const kustomizeImageInvalidDigest: Rule = {
  id: 'kustomize-image-invalid-digest',
  defaultSeverity: 'error',
  description: 'A Kustomize `images` entry has a `digest` that is not `sha256:` and 64 hex digits.',
  check(ctx) {
    for (const kustomization of ctx.kustomizations) {
      const doc = kustomization.doc;
      for (const entry of kustomization.images ?? []) {
        const field = kustomizeImageField(ctx.text, doc, entry, 'digest');
        if (!field) continue;
        const digest = field.value;
        if (digest === '' || isTemplatedValue(digest) || isSha256Digest(digest)) continue;
        const name = kustomizeImageName(doc, entry);
        const subject = name === undefined ? 'this image' : `"${name}"`;
        ctx.report({
          at: field.at,
          message: `digest "${digest}" for ${subject} is not a valid image digest: ${reason(digest)}. Kustomize renders it into an invalid image reference and the pods fail with InvalidImageName. Use sha256: followed by the 64-digit digest the registry reports.`,
        });
      }
    }
  },
};
