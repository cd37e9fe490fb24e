// The shape of a rule and the context it checks. A rule is pure: it reads the parsed file and reports.
import type { Node } from 'yaml';
import type { Kustomization, KubeObject, Workload } from './kube';
import type { ParsedFile } from './parse';
import type { LiveFacts } from './live-facts';
import type { RegistryFacts } from './registry-facts';
import type { Fix, Severity } from './types';

export interface Report {
  /** The node the user would fix, or an explicit [start, end). Reports without a range are dropped. */
  at: Node | [number, number] | undefined;
  message: string;
  /** Overrides the rule's default severity for this finding (e.g. a milder variant of the rule). */
  severity?: Severity;
  fixes?: () => Fix[];
}

export interface RuleContext {
  readonly text: string;
  readonly fileName: string | undefined;
  readonly file: ParsedFile;
  /** True when some document of the file is a Kubernetes object or the file is a kustomization. */
  readonly isKubernetes: boolean;
  readonly objects: readonly KubeObject[];
  readonly workloads: readonly Workload[];
  readonly kustomizations: readonly Kustomization[];
  /** What the registry said about the file's image references; undefined when nobody asked (network rules stay quiet). */
  readonly registry?: RegistryFacts;
  /** What the cluster runs for the file's workloads; undefined when nobody looked (live rules stay quiet). */
  readonly live?: LiveFacts;
  report(report: Report): void;
}

export interface Rule {
  /** Kebab-case name of the bad pattern: also the file name, doc page, test name and diagnostic code. */
  id: string;
  defaultSeverity: Severity;
  /** One line for the rules table, the settings UI and SARIF. */
  description: string;
  check(ctx: RuleContext): void;
}
