// "Pin image to digest": which image references a file holds that could be pinned, and the minimal
// edits that write a digest into one of them. Pure: the digest itself is looked up elsewhere (the
// registry client); this module only finds the places and rewrites the bytes.
import { isNode, isPair, isScalar, Scalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { isSha256Digest, parseImageRef, type ImageRef } from './image-ref';
import { insertAfterPair, lineStartOf } from './edit';
import {
  asKustomization,
  asWorkload,
  containerImage,
  forEachWorkloadContainer,
  isTemplatedValue,
  kustomizeImageField,
  toObject,
  type ContainerRole,
} from './kube';
import { lineIndexOf, lineStarts } from './lines';
import { deref, getPair, getString } from './nodes';
import { parseYaml, type ParsedFile } from './parse';
import type { LineRange, TextEdit } from './types';

export interface PinTarget {
  /** A container's `image` value, or a Kustomize `images[]` entry. */
  kind: 'container' | 'kustomize';
  /**
   * The value node that stands for the image: the `image` scalar (an alias's anchor, where the value is
   * written), or the entry's `newTag` value as written. Offsets into the whole text.
   */
  range: [number, number];
  /** 0-based lines and characters of `range`. */
  lines: LineRange;
  /** The reference to resolve, always with a tag: `127.0.0.1:5000/team/app:v2.5.3`; untagged means `:latest`. */
  ref: string;
  /** The tag in `ref` was not written (`app`, `app@sha256:…`): `latest` is what the runtime would pull. */
  impliedTag: boolean;
  /** The digest already written, when the reference is pinned (re-pinning replaces it). */
  currentDigest?: string;
  /** Kind and `metadata.name` of the object holding the reference. */
  objectKind?: string;
  objectName?: string;
  /** For containers: the role and the container's name. */
  role?: ContainerRole;
  containerName?: string;
}

export interface PinTargetOptions {
  /** Used to recognise kustomization files that have no `kind`. */
  fileName?: string;
  /** The parse of this very text, when the caller has it (saves parsing again). */
  parsed?: ParsedFile;
}

export interface PinEditOptions {
  /** Keep the tag next to the digest (`app:v1@sha256:…`); false drops it (`app@sha256:…`). Default true. */
  keepTag?: boolean;
}

/** A target with the nodes its edits need. */
interface Located {
  target: PinTarget;
  doc: Document;
  /** The `image` scalar (containers). */
  image?: Scalar;
  /** The `images[]` entry and its `newTag` pair (kustomize). */
  entry?: YAMLMap;
  tagPair?: Pair<unknown, unknown>;
}

/** Every image reference in the file that a digest can be written into, in text order. */
export function pinTargets(text: string, options: PinTargetOptions = {}): PinTarget[] {
  return locate(text, options.fileName, options.parsed).map((l) => l.target);
}

/**
 * The edits that pin `target` to `digest`. They touch only the image scalar's characters (or, for
 * Kustomize, the entry's `digest` value, a new `digest:` line after `newTag`, or the `newTag` pair).
 * Returns [] when the value cannot be rewritten in place (block scalars, multi-line or escaped quoted
 * scalars) or already reads as asked. Throws when the digest is not `sha256:` + 64 lowercase hex, or
 * when the target is no longer in the text (it changed since pinTargets()).
 */
export function pinEdit(text: string, target: PinTarget, digest: string, options: PinEditOptions = {}): TextEdit[] {
  if (!isSha256Digest(digest)) throw new Error(`"${digest}" is not a sha256 digest (sha256: followed by 64 lowercase hex digits)`);
  const keepTag = options.keepTag ?? true;
  // The file name only widens which documents count as kustomizations; the range match below picks the one meant.
  const fileName = target.kind === 'kustomize' ? 'kustomization.yaml' : undefined;
  const found = locate(text, fileName).find(
    (l) => l.target.kind === target.kind && l.target.ref === target.ref && l.target.range[0] === target.range[0] && l.target.range[1] === target.range[1],
  );
  if (!found) throw new Error(`the ${target.kind === 'container' ? 'image' : 'Kustomize image entry'} "${target.ref}" to pin is no longer at ${target.range[0]}–${target.range[1]}`);
  if (found.image) return containerEdits(text, found.image, digest, keepTag);
  if (found.entry && found.tagPair) return kustomizeEdits(text, found.doc, found.entry, found.tagPair, digest, keepTag);
  return [];
}

function locate(text: string, fileName: string | undefined, parsed?: ParsedFile): Located[] {
  const starts = lineStarts(text);
  const located: Located[] = [];
  const seen = new Set<string>();
  const add = (item: Omit<Located, 'target'> & { target: Omit<PinTarget, 'lines'> }): void => {
    const [start, end] = item.target.range;
    // Containers sharing an image through an alias are one place to edit.
    const key = `${item.target.kind}:${start}:${end}`;
    if (seen.has(key)) return;
    seen.add(key);
    const startLine = lineIndexOf(starts, start);
    const endLine = lineIndexOf(starts, end);
    const lines = { startLine, startCharacter: start - starts[startLine]!, endLine, endCharacter: end - starts[endLine]! };
    located.push({ ...item, target: { ...item.target, lines } });
  };

  for (const source of (parsed ?? parseYaml(text)).docs) {
    if (source.errors.length > 0) continue;
    const object = toObject(source);
    if (!object) continue;
    const doc = source.doc;
    const owner = { ...(object.kind !== undefined && { objectKind: object.kind }), ...(object.name !== undefined && { objectName: object.name }) };
    const workload = asWorkload(object);
    if (workload) {
      forEachWorkloadContainer([workload], (_w, container) => {
        const image = containerImage(doc, container);
        const range = image?.node.range;
        if (!image?.ref || !range) return;
        const target: Omit<PinTarget, 'lines'> = {
          kind: 'container',
          range: [range[0], range[1]],
          ...resolvable(image.ref),
          ...owner,
          role: container.role,
          ...(container.name !== undefined && { containerName: container.name }),
        };
        add({ target, doc, image: image.node });
      });
      continue;
    }
    const kustomization = asKustomization(object, fileName);
    for (const entry of kustomization?.images ?? []) {
      // Without newTag the tag comes from the base's container image, which this file cannot see.
      const tag = kustomizeImageField(text, doc, entry, 'newTag');
      const tagPair = getPair(doc, entry, 'newTag');
      const range = tag?.at.range;
      if (!tag || !tagPair || !range || tag.value === '' || isTemplatedValue(tag.value)) continue;
      const name = getString(doc, entry, 'newName') ?? getString(doc, entry, 'name');
      if (name === undefined || isTemplatedValue(name)) continue;
      const parsed = parseImageRef(`${name}:${tag.value}`);
      if (!parsed.ok || parsed.ref.tag !== tag.value || parsed.ref.digest !== undefined) continue;
      const currentDigest = getString(doc, entry, 'digest');
      const target: Omit<PinTarget, 'lines'> = {
        kind: 'kustomize',
        range: [range[0], range[1]],
        ref: `${parsed.ref.name}:${tag.value}`,
        impliedTag: false,
        ...(currentDigest && { currentDigest }),
        ...owner,
      };
      add({ target, doc, entry, tagPair });
    }
  }
  return located.sort((a, b) => a.target.range[0] - b.target.range[0]);
}

function resolvable(ref: ImageRef): Pick<PinTarget, 'ref' | 'impliedTag' | 'currentDigest'> {
  return {
    ref: `${ref.name}:${ref.tag ?? 'latest'}`,
    impliedTag: ref.tag === undefined,
    ...(ref.digest !== undefined && { currentDigest: ref.digest }),
  };
}

/** Where a scalar's characters sit between its quotes, or undefined when its written form is not its value on one line. */
function scalarContent(text: string, node: Scalar): { start: number; end: number; content: string } | undefined {
  const range = node.range;
  if (!range) return undefined;
  let [start, end] = range;
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
    start++;
    end--;
  } else if (node.type !== Scalar.PLAIN) {
    return undefined; // block scalars: a digest cannot be appended in place
  }
  const content = text.slice(start, end);
  if (/[\r\n]/.test(content)) return undefined; // a flow scalar folded over lines
  // Escapes would make the written characters differ from the value we parsed.
  if (node.type === Scalar.QUOTE_DOUBLE && content.includes('\\')) return undefined;
  if (node.type === Scalar.QUOTE_SINGLE && content.includes("'")) return undefined;
  return { start, end, content };
}

/**
 * One edit inside the image scalar, keeping its quotes and any comment after it:
 * `app:v1` → `app:v1@d` (or `app@d` without the tag); `app:v1@old` → `app:v1@d`; `app@old` → `app@d`.
 * An untagged `app` becomes `app@d`, not `app:latest@d`: the runtime pulls by digest alone, and writing
 * `latest` next to it would only suggest the tag still matters.
 */
function containerEdits(text: string, node: Scalar, digest: string, keepTag: boolean): TextEdit[] {
  const at = scalarContent(text, node);
  if (!at) return [];
  const parsed = parseImageRef(at.content);
  if (!parsed.ok) return [];
  const { tagStart, digestStart } = parsed.ref;
  const from = !keepTag && tagStart !== -1 ? tagStart : digestStart !== -1 ? digestStart : at.content.length;
  const newText = `@${digest}`;
  if (at.content.slice(from) === newText) return [];
  return [{ start: at.start + from, end: at.end, newText }];
}

/**
 * Kustomize renders `newTag` + `digest` as `name:tag@digest` (v4.5 and later), so keeping the tag means
 * setting `digest` (replacing its value, or adding `digest:` after `newTag`); dropping it means the entry
 * keeps only `digest`.
 */
function kustomizeEdits(text: string, doc: Document, entry: YAMLMap, tagPair: Pair<unknown, unknown>, digest: string, keepTag: boolean): TextEdit[] {
  // A newTag merged in through `<<` is written in another map: editing it would change every entry sharing it.
  if (!entry.items.includes(tagPair)) return [];
  const digestPair = getPair(doc, entry, 'digest');
  if (digestPair && !entry.items.includes(digestPair)) return [];
  if (!digestPair) {
    if (!keepTag) {
      const span = pairSpan(tagPair);
      return span ? [{ start: span[0], end: span[1], newText: `digest: ${digest}` }] : [];
    }
    if (entry.flow) {
      const end = nodeEnd(tagPair.value) ?? nodeEnd(tagPair.key);
      return end === undefined ? [] : [{ start: end, end, newText: `, digest: ${digest}` }];
    }
    const insert = insertAfterPair(text, entry, tagPair, [`digest: ${digest}`]);
    return insert ? [insert] : [];
  }
  const replace = digestValueEdit(text, doc, digestPair, digest);
  if (!replace) return [];
  const edits = replace.start === replace.end && replace.newText === '' ? [] : [replace];
  if (!keepTag) {
    const removal = removePair(text, entry, tagPair);
    if (!removal) return [];
    edits.push(removal);
  }
  return edits;
}

/** Replaces the `digest` value (an alias's anchor, where it is written), keeping its quote style. */
function digestValueEdit(text: string, doc: Document, pair: Pair<unknown, unknown>, digest: string): TextEdit | undefined {
  const node = deref(doc, pair.value);
  if (!isScalar(node) || !node.range) return undefined;
  if (node.value === null || node.value === undefined || node.value === '') {
    // `digest:` with nothing after it: the empty value sits right after the colon.
    if (node.type !== Scalar.PLAIN || node.range[0] !== node.range[1]) {
      const at = scalarContent(text, node);
      return at ? { start: at.start, end: at.end, newText: digest } : undefined;
    }
    return { start: node.range[0], end: node.range[0], newText: ` ${digest}` };
  }
  const at = scalarContent(text, node);
  if (!at) return undefined;
  // Nothing to change: an empty edit the caller drops.
  if (at.content === digest) return { start: at.start, end: at.start, newText: '' };
  return { start: at.start, end: at.end, newText: digest };
}

/** From a pair's key to the end of its value. */
function pairSpan(pair: Pair<unknown, unknown>): [number, number] | undefined {
  const start = isNode(pair.key) ? pair.key.range?.[0] : undefined;
  const end = nodeEnd(pair.value) ?? nodeEnd(pair.key);
  return start === undefined || end === undefined ? undefined : [start, end];
}

function nodeEnd(node: unknown): number | undefined {
  return isNode(node) ? (node as Node).range?.[1] : undefined;
}

/**
 * Removes a pair from a map: in a flow map with the comma next to it; in a block map its whole line,
 * only when the pair is alone on its line (not after `- `) and its value on one line.
 */
function removePair(text: string, map: YAMLMap, pair: Pair<unknown, unknown>): TextEdit | undefined {
  const span = pairSpan(pair);
  if (!span) return undefined;
  if (map.flow) {
    const pairs = map.items.filter(isPair);
    const index = pairs.indexOf(pair);
    const next = pairs[index + 1];
    const nextStart = next && isNode(next.key) ? next.key.range?.[0] : undefined;
    if (nextStart !== undefined) return { start: span[0], end: nextStart, newText: '' };
    const previous = pairs[index - 1];
    const previousEnd = previous ? (nodeEnd(previous.value) ?? nodeEnd(previous.key)) : undefined;
    return previousEnd === undefined ? undefined : { start: previousEnd, end: span[1], newText: '' };
  }
  const lineStart = lineStartOf(text, span[0]);
  if (text.slice(lineStart, span[0]).trim() !== '' || /[\r\n]/.test(text.slice(span[0], span[1]))) return undefined;
  const nl = text.indexOf('\n', span[1]);
  return { start: lineStart, end: nl === -1 ? text.length : nl + 1, newText: '' };
}
