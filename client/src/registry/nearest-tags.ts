// "Did you mean" for a missing tag: the existing tags closest to it. Pure.

/**
 * Up to `n` tags from `tags` closest to `tag`: first those of the same shape (`1.25.3` for `1.25.9`,
 * `v2-alpine` for `v3-alpine`) nearest in their numbers (the newer on a tie), then by edit distance. Distant tags are left out.
 */
export function nearestTags(tag: string, tags: readonly string[], n = 3): string[] {
  const wantedShape = shapeOf(tag);
  const wantedNumbers = numbersOf(tag);
  const maxDistance = Math.max(2, Math.ceil(tag.length / 2));
  const scored: { tag: string; sameShape: boolean; numeric: number; distance: number; prefix: number }[] = [];
  for (const candidate of new Set(tags)) {
    if (candidate === tag) continue;
    const sameShape = wantedNumbers.length > 0 && shapeOf(candidate) === wantedShape;
    const distance = levenshtein(tag.toLowerCase(), candidate.toLowerCase());
    if (!sameShape && distance > maxDistance) continue;
    scored.push({
      tag: candidate,
      sameShape,
      numeric: sameShape ? numericDistance(wantedNumbers, numbersOf(candidate)) : Infinity,
      distance,
      prefix: commonPrefix(tag, candidate),
    });
  }
  scored.sort(
    (a, b) =>
      Number(b.sameShape) - Number(a.sameShape) ||
      a.numeric - b.numeric ||
      // Equally near on both sides: the newer one.
      compareNumbers(numbersOf(b.tag), numbersOf(a.tag)) ||
      a.distance - b.distance ||
      b.prefix - a.prefix ||
      (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0),
  );
  return scored.slice(0, Math.max(0, n)).map((s) => s.tag);
}

function shapeOf(tag: string): string {
  return tag.replace(/[0-9]+/g, '#');
}

function numbersOf(tag: string): number[] {
  return (tag.match(/[0-9]+/g) ?? []).map(Number);
}

/** Compares number lists from the most significant: the first difference dominates all later ones. */
function numericDistance(a: readonly number[], b: readonly number[]): number {
  let distance = 0;
  let weight = 1;
  for (let i = 0; i < a.length; i++) {
    weight /= 1000;
    distance += Math.min(Math.abs((a[i] ?? 0) - (b[i] ?? 0)), 999) * weight;
  }
  return distance;
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}
