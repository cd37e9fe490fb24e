import { pinEdit, pinTargets } from '../pin';
import type { Rule } from '../rule';
import type { Fix } from '../types';

export const imageDigestStale: Rule = {
  id: 'image-digest-stale',
  defaultSeverity: 'warning',
  description: 'An image pins a tag and a digest, but the tag now points at another digest in the registry (checked only with registry facts).',
  check(ctx) {
    const facts = ctx.registry;
    if (!facts || facts.size === 0) return;
    for (const target of pinTargets(ctx.text, { fileName: ctx.fileName, parsed: ctx.file })) {
      const pinned = target.currentDigest;
      // Only a written tag says which build was meant; `app@sha256:…` has no tag to compare with.
      if (pinned === undefined || target.impliedTag) continue;
      const fact = facts.get(target.ref);
      if (fact?.status !== 'found' || fact.digest === pinned) continue;
      // Digests of different algorithms name the same content differently: not comparable.
      if (algorithmOf(fact.digest) !== algorithmOf(pinned)) continue;
      const tag = target.ref.slice(target.ref.lastIndexOf(':') + 1);
      ctx.report({
        at: target.range,
        message: `"${target.ref}" is pinned to ${short(pinned)}, but the tag "${tag}" now points at ${short(fact.digest)}: the pods keep running the old build while the tag has moved (a rebuilt or re-pushed tag). Re-pin to ${fact.digest} if the new build is meant to run.`,
        fixes(): Fix[] {
          let edits;
          try {
            edits = pinEdit(ctx.text, target, fact.digest);
          } catch {
            return []; // not a sha256 digest, or the text no longer holds the target
          }
          return edits.length > 0 ? [{ title: "Re-pin to the tag's current digest", edits, preferred: true }] : [];
        },
      });
    }
  },
};

function algorithmOf(digest: string): string {
  return digest.slice(0, digest.indexOf(':'));
}

/** `sha256:` and the first 12 hex digits, as `docker images --digests` users recognise them. */
function short(digest: string): string {
  const colon = digest.indexOf(':');
  return colon === -1 ? digest : digest.slice(0, colon + 13);
}
