import type { Rule } from '../rule';

/** One broken construct often cascades into hundreds of errors; the first few locate it. */
const MAX_ERRORS_PER_DOCUMENT = 10;

export const yamlSyntax: Rule = {
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  description: 'A Kubernetes manifest is not valid YAML; that document is not checked.',
  check(ctx) {
    if (!ctx.isKubernetes) return;
    const { fatal, docs } = ctx.file;
    if (fatal) ctx.report({ at: [fatal.start, fatal.end], message: `YAML error: ${fatal.message}. The file was not checked.` });
    for (const source of docs) {
      const shown = source.errors.slice(0, MAX_ERRORS_PER_DOCUMENT);
      const hidden = source.errors.length - shown.length;
      shown.forEach((error, i) => {
        const more = i === shown.length - 1 && hidden > 0 ? ` (${hidden} more YAML errors in this document are not shown)` : '';
        ctx.report({ at: [error.start, error.end], message: `YAML error: ${error.message}. This document was not checked; the others were.${more}` });
      });
    }
  },
};
