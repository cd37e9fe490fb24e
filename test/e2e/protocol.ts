// What the e2e runners (code-server + Chromium, or @vscode/test-electron) and the suite running inside the
// extension host tell each other, through the extension host's environment and one results file.

export const E2E_ENV = {
  /** Comma-separated suite names to run (`pin` runs suite/pin.test.ts); empty runs them all. */
  suites: 'SHIPSHAPE_E2E_SUITES',
  /** A file the suite writes its SuiteResults to, as JSON. */
  results: 'SHIPSHAPE_E2E_RESULTS',
  /** JSON E2eContext: what the runner started for the suite. */
  context: 'SHIPSHAPE_E2E_CONTEXT',
} as const;

/** The servers the runner started, one optional entry per kind of service. */
export interface E2eContext {
  registry?: {
    /** 127.0.0.1:PORT, as manifests name it. */
    host: string;
    /** `repository:tag` → the digest the registry reports for it. */
    digests: Record<string, string>;
  };
  /** A kube-apiserver whose kubeconfig (KUBECONFIG) has context `context`, with workloads in `namespace`. */
  cluster?: {
    context: string;
    namespace: string;
    /** The digests the live pods report, per workload name. */
    running: Record<string, string>;
  };
}

export interface SuiteResults {
  passed: number;
  failed: number;
  failures: { title: string; message: string }[];
}

/** Fixture files say `{{registry}}` where the runner's registry host goes. */
export const REGISTRY_PLACEHOLDER = '{{registry}}';

/** Fixture files say `{{digest:team/web:1.0}}` where the registry's digest for that image goes. */
export const digestPlaceholder = (image: string): string => `{{digest:${image}}}`;
