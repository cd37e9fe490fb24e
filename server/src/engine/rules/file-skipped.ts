import type { Rule } from '../rule';

export type SkipReason = 'too-large' | 'binary';

function formatSize(chars: number): string {
  const mib = chars / (1024 * 1024);
  return mib >= 1 ? `${Number(mib.toFixed(2))} MiB` : `${Number((chars / 1024).toFixed(1))} KiB`;
}

function firstLine(text: string): [number, number] {
  const nl = text.indexOf('\n');
  const end = nl === -1 ? text.length : nl;
  return [0, Math.min(end, 200)];
}

/** Reported by the engine itself, before any parsing, for files it will not analyse. */
export const fileSkipped: Rule & { forReason(reason: SkipReason, maxLength: number): Rule } = {
  id: 'file-skipped',
  defaultSeverity: 'warning',
  description: 'A file was not analysed: it is too large or is not text.',
  check() {
    // Only the variants made by forReason report.
  },
  forReason(reason, maxLength) {
    const message =
      reason === 'too-large'
        ? `This file is larger than ${formatSize(maxLength)} and was not checked. Split it, or raise the limit (the shipshape.maxFileSize setting, or --max-file-size for the CLI).`
        : 'This file looks binary (NUL or control characters), not YAML text, and was not checked.';
    return { ...this, check: (ctx) => ctx.report({ at: firstLine(ctx.text), message }) };
  },
};
