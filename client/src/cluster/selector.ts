// A workload's `spec.selector` (metav1.LabelSelector) as the `labelSelector` query parameter, in the syntax
// of apimachinery's labels.Selector String(): `app=web,tier in (a,b),env notin (dev),canary,!legacy`.
import { ClusterError } from './errors';

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[] | null;
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

/**
 * matchLabels AND matchExpressions, one requirement each, sorted by key as apimachinery does. Returns ''
 * for an empty selector: the caller must not list with it (to the API server '' means "every pod").
 * Throws a `protocol` ClusterError for an operator or a requirement the API server would not accept.
 */
export function labelSelectorString(selector: LabelSelector | null | undefined): string {
  const requirements: Array<{ key: string; text: string }> = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) requirements.push({ key, text: `${key}=${value}` });
  for (const expression of selector?.matchExpressions ?? []) {
    const { key, operator } = expression;
    const values = expression.values ?? [];
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) throw invalid(`the selector's "${key} ${operator}" requirement has no values`);
        requirements.push({ key, text: `${key} ${operator === 'In' ? 'in' : 'notin'} (${values.join(',')})` });
        break;
      case 'Exists':
        requirements.push({ key, text: key });
        break;
      case 'DoesNotExist':
        requirements.push({ key, text: `!${key}` });
        break;
      default:
        throw invalid(`the selector's "${key}" requirement has an unknown operator "${operator}"`);
    }
  }
  // A stable sort keeps several requirements on one key in their written order.
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return requirements.map((r) => r.text).join(',');
}

function invalid(message: string): ClusterError {
  return new ClusterError('protocol', message);
}
