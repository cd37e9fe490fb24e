import type { Rule } from '../rule';

export const yamlSyntax: Rule = {
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  description: 'A Kubernetes manifest is not valid YAML; that document is not checked.',
  check(ctx) {
    if (!ctx.isKubernetes) return;
    const { fatal, docs } = ctx.file;
    if (fatal) ctx.report({ at: [fatal.start, fatal.end], message: `YAML error: ${fatal.message}. The file was not checked.` });
    for (const source of docs) {
      for (const error of source.errors) {
        ctx.report({ at: [error.start, error.end], message: `YAML error: ${error.message}. This document was not checked; the others were.` });
      }
    }
  },
};
