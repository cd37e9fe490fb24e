import { parse as parseYamlValue } from 'yaml';
import { parseImageRef } from '../image-ref';
import { pinTargets, type PinTarget } from '../pin';
import type { Rule } from '../rule';
import type { Fix, TextEdit } from '../types';

/** At most this many "Use tag …" fixes, and tags named in the message. */
const MAX_SUGGESTIONS = 3;
const TAG = /^[\w][\w.-]{0,127}$/;

export const imageTagNotFound: Rule = {
  id: 'image-tag-not-found',
  defaultSeverity: 'error',
  description: 'An image tag, or its whole repository, does not exist in the registry: the pod will fail with ErrImagePull (checked only with registry facts, e.g. `shipshape lint --registry`).',
  check(ctx) {
    const facts = ctx.registry;
    if (!facts || facts.size === 0) return;
    for (const target of pinTargets(ctx.text, { fileName: ctx.fileName, parsed: ctx.file })) {
      const fact = facts.get(target.ref);
      if (fact?.status !== 'not-found') continue;
      // With a digest the runtime pulls by digest and never reads the tag; a missing repository still fails.
      if (fact.missing === 'tag' && target.currentDigest !== undefined) continue;
      const parsed = parseImageRef(target.ref);
      if (!parsed.ok) continue;
      const repository = `${parsed.ref.domain}/${parsed.ref.path}`;
      const tag = parsed.ref.tag ?? 'latest';
      const suggestions = fact.missing === 'tag' ? fact.suggestions.filter((s) => s !== tag && TAG.test(s)).slice(0, MAX_SUGGESTIONS) : [];
      const consequence = 'the pod would fail with ErrImagePull / ImagePullBackOff';
      let message: string;
      if (fact.missing === 'repository') {
        message = `Repository ${repository} does not exist on ${parsed.ref.domain} (or is not visible with the credentials used): ${consequence}.`;
      } else {
        const implied = target.impliedTag ? ' (no tag is written, so the runtime pulls "latest")' : '';
        const nearest = suggestions.length > 0 ? ` Nearest existing tags: ${suggestions.join(', ')}.` : '';
        message = `Tag "${tag}" does not exist in ${repository}${implied}: ${consequence}.${nearest}`;
      }
      ctx.report({
        at: target.range,
        message,
        ...(suggestions.length > 0 && {
          fixes: (): Fix[] =>
            suggestions.flatMap((suggestion) => {
              const edit = tagEdit(ctx.text, target, tag, suggestion);
              return edit ? [{ title: `Use tag ${suggestion}`, edits: [edit] }] : [];
            }),
        }),
      });
    }
  },
};

/** The characters of a one-line flow scalar between its quotes, or undefined when they are not its value as written. */
function scalarText(text: string, [start, end]: [number, number]): { start: number; end: number; content: string; plain: boolean } | undefined {
  const written = text.slice(start, end);
  if (written.length === 0 || /[\r\n]/.test(written)) return undefined;
  const quote = written[0];
  if (quote === '"' || quote === "'") {
    if (written.length < 2 || written[written.length - 1] !== quote) return undefined;
    const content = written.slice(1, -1);
    // Escapes or doubled quotes: the written characters differ from the value.
    if ((quote === '"' && content.includes('\\')) || (quote === "'" && content.includes("'"))) return undefined;
    return { start: start + 1, end: end - 1, content, plain: false };
  }
  // Block scalars, aliases, tagged nodes: not rewritten in place.
  if (/^[|>*&!]/.test(written)) return undefined;
  return { start, end, content: written, plain: true };
}

/**
 * Replaces only the tag. In a container image that is the `:tag` after the name (inserted after the name
 * when no tag is written); the reference has no digest here, since a digest-pinned image is not reported
 * for a missing tag. In a Kustomize entry it is the `newTag` value, quoted when it would not read as a string.
 */
function tagEdit(text: string, target: PinTarget, current: string, replacement: string): TextEdit | undefined {
  const at = scalarText(text, target.range);
  if (!at) return undefined;
  if (target.kind === 'kustomize') {
    if (at.content !== current) return undefined;
    const needsQuotes = at.plain && typeof parseYamlValue(replacement) !== 'string';
    return { start: at.start, end: at.end, newText: needsQuotes ? `"${replacement}"` : replacement };
  }
  const parsed = parseImageRef(at.content);
  if (!parsed.ok || parsed.ref.digest !== undefined || (parsed.ref.tag ?? 'latest') !== current) return undefined;
  const from = parsed.ref.tagStart === -1 ? at.content.length : parsed.ref.tagStart;
  return { start: at.start + from, end: at.end, newText: `:${replacement}` };
}
