// `shipshape lint`, `pin` and `verify` arguments: parsed with node:util and checked, so the commands get only valid values.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { RULE_IDS, SEVERITIES, type RuleSetting, type Severity } from '../engine/index';
import { UsageError } from './io';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

const RULE_SETTINGS: readonly string[] = [...SEVERITIES, 'off'];
const DEFAULT_MAX_FILE_SIZE_MIB = 10;

export interface LintArgs {
  help: boolean;
  version: boolean;
  /** Paths as given; `-` is stdin. Never empty: no paths means `.`. */
  paths: string[];
  format: Format;
  failOn: Severity;
  outputFile: string | undefined;
  configFile: string | undefined;
  rules: Record<string, RuleSetting>;
  /** In UTF-16 code units, as the engine measures. */
  maxLength: number;
  stdinFilename: string | undefined;
  /** Undefined without --registry: then nothing touches the network. */
  registry: RegistryArgs | undefined;
}

/** How to reach registries: shared by `lint --registry` and `pin`. */
export interface RegistryArgs {
  caFile: string | undefined;
  /** host[:port] */
  insecureRegistries: string[];
  skipTlsVerify: string[];
  timeoutMs: number;
}

const DEFAULT_REGISTRY_TIMEOUT_SECONDS = 10;

const REGISTRY_OPTIONS = {
  'ca-file': { type: 'string' },
  'insecure-registry': { type: 'string', multiple: true },
  'skip-tls-verify': { type: 'string', multiple: true },
  'registry-timeout': { type: 'string' },
} as const;

const REGISTRY_USAGE = `Registry options (credentials come from the docker config, its credHelpers/credsStore, then podman's auth.json):
  --ca-file <pem>                 trust the CA certificates in this PEM file too
  --insecure-registry <host[:port]>
                                  allow plain HTTP for this registry (repeatable; loopback always may)
  --skip-tls-verify <host[:port]> do not verify this registry's TLS certificate (repeatable)
  --registry-timeout <seconds>    give up on one registry request after this long (default: ${DEFAULT_REGISTRY_TIMEOUT_SECONDS})
`;

export const LINT_USAGE = `Usage: shipshape lint [options] [paths...|-]

Checks Kubernetes manifests: the *.yaml, *.yml and Kustomization files in the given files and
directories (default: .), or stdin with -. Skips .git, node_modules, what .gitignore files ignore and
the "ignore" patterns of .shipshape.yaml; a file named on the command line is always checked.

Options:
  --format <format>          text, json or sarif (default: text)
  --fail-on <severity>       exit 1 on a finding at least this severe: error, warning,
                             information or hint (default: warning)
  -o, --output-file <path>   write the report to this file instead of stdout
  --config <file>            use this file instead of the nearest .shipshape.yaml
  --rule <id>=<setting>      set a rule to error, warning, information, hint or off
                             (repeatable; overrides the config)
  --max-file-size <MiB>      skip larger files with a file-skipped finding (default: ${DEFAULT_MAX_FILE_SIZE_MIB})
  --stdin-filename <name>    the name to show and to recognise kustomizations by, for -
  --registry                 also ask the registries: does each tag exist, is each digest current
  -h, --help                 show this help
  -v, --version              show the version

${REGISTRY_USAGE}
Exit status: 0 no finding at or above --fail-on, 1 at least one, 2 a usage, path, config or rule
error (or, with --registry, a registry that could not be asked).
`;

export function parseLintArgs(argv: readonly string[]): LintArgs {
  const parsed = parseOrUsage({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      format: { type: 'string' },
      'fail-on': { type: 'string' },
      'output-file': { type: 'string', short: 'o' },
      config: { type: 'string' },
      rule: { type: 'string', multiple: true },
      'max-file-size': { type: 'string' },
      'stdin-filename': { type: 'string' },
      registry: { type: 'boolean' },
      ...REGISTRY_OPTIONS,
    },
  });
  const { values, positionals } = parsed;
  const paths = pathsOf(positionals, values['stdin-filename']);
  for (const [name, value] of [['output-file', values['output-file']], ['config', values.config], ['stdin-filename', values['stdin-filename']]]) {
    if (value === '') throw new UsageError(`--${name} needs a non-empty value`);
  }
  const registry = parseRegistryArgs(values);
  if (!values.registry && registryOptionGiven(values)) throw new UsageError('the registry options need --registry');

  return {
    help: values.help ?? false,
    version: values.version ?? false,
    paths,
    format: oneOf('--format', values.format ?? 'text', FORMATS),
    failOn: oneOf('--fail-on', values['fail-on'] ?? 'warning', SEVERITIES),
    outputFile: values['output-file'],
    configFile: values.config,
    rules: parseRuleOverrides(values.rule ?? []),
    maxLength: parseMaxFileSize(values['max-file-size']),
    stdinFilename: values['stdin-filename'],
    registry: values.registry ? registry : undefined,
  };
}

export interface PinArgs {
  help: boolean;
  version: boolean;
  /** As for lint: `-` is stdin, no paths means `.`. */
  paths: string[];
  write: boolean;
  keepTag: boolean;
  format: PinFormat;
  configFile: string | undefined;
  stdinFilename: string | undefined;
  registry: RegistryArgs;
}

export const PIN_FORMATS = ['text', 'json'] as const;
export type PinFormat = (typeof PIN_FORMATS)[number];

export const PIN_USAGE = `Usage: shipshape pin [options] [paths...|-]

Pins container images (and Kustomize images entries) to the digest their tag points at now, asking
each image's registry. Finds files as lint does (default: .). Without --write it only prints what
would change; images already pinned to the current digest are left alone.

Options:
  --write                    change the files (only the image references; comments, quotes and
                             line endings stay as they are); not with -
  --no-keep-tag              write app@sha256:... instead of app:tag@sha256:...
  --format <format>          text or json (default: text)
  --config <file>            use this file instead of the nearest .shipshape.yaml (for its ignore patterns)
  --stdin-filename <name>    the name to show and to recognise kustomizations by, for -
  -h, --help                 show this help
  -v, --version              show the version

${REGISTRY_USAGE}
Exit status: 0 nothing left to pin (or --write pinned everything), 1 without --write: something would
change, with --write: some images could not be resolved (listed on stderr), 2 a usage, path or I/O error.
`;

export function parsePinArgs(argv: readonly string[]): PinArgs {
  const parsed = parseOrUsage({
    args: [...argv],
    allowPositionals: true,
    allowNegative: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      write: { type: 'boolean' },
      'keep-tag': { type: 'boolean' },
      format: { type: 'string' },
      config: { type: 'string' },
      'stdin-filename': { type: 'string' },
      ...REGISTRY_OPTIONS,
    },
  });
  const { values, positionals } = parsed;
  const paths = pathsOf(positionals, values['stdin-filename']);
  if (values.write && paths.includes('-')) throw new UsageError('--write cannot write to stdin (-); pin files instead, or leave out --write');
  for (const [name, value] of [['config', values.config], ['stdin-filename', values['stdin-filename']]]) {
    if (value === '') throw new UsageError(`--${name} needs a non-empty value`);
  }
  return {
    help: values.help ?? false,
    version: values.version ?? false,
    paths,
    write: values.write ?? false,
    keepTag: values['keep-tag'] ?? true,
    format: oneOf('--format', values.format ?? 'text', PIN_FORMATS),
    configFile: values.config,
    stdinFilename: values['stdin-filename'],
    registry: parseRegistryArgs(values),
  };
}

export interface VerifyArgs {
  help: boolean;
  version: boolean;
  /** As for lint: `-` is stdin, no paths means `.`. */
  paths: string[];
  format: PinFormat;
  configFile: string | undefined;
  stdinFilename: string | undefined;
  /** Explicit kubeconfig files (repeatable --kubeconfig); empty: KUBECONFIG, else ~/.kube/config. */
  kubeconfig: string[];
  context: string | undefined;
  /** For workloads whose file sets no metadata.namespace (else the context's, else default). */
  namespace: string | undefined;
  /** Run kubeconfig exec plugins and command-running auth providers, as kubectl does (--no-exec-plugins: refuse). */
  execPlugins: boolean;
  clusterTimeoutMs: number;
  /** Undefined with --no-registry: unpinned tags then have nothing to compare with. */
  registry: RegistryArgs | undefined;
}

const DEFAULT_CLUSTER_TIMEOUT_SECONDS = 5;

export const VERIFY_USAGE = `Usage: shipshape verify [options] [paths...|-]

Checks that the cluster runs what the manifests declare: for each workload in the files (found as lint
finds them, default: .) it reads the live object and its pods, and compares each container's image
digest (the pods' imageID) with the declared one: the pinned digest, or for an unpinned tag the digest
the tag points at now in its registry. Reads the cluster with your kubeconfig, as kubectl does.

Options:
  --context <name>           use this kubeconfig context instead of the current-context
  -n, --namespace <name>     namespace for workloads whose file sets none (default: the context's, else default)
  --kubeconfig <file>        use this kubeconfig file (repeatable; default: KUBECONFIG, else ~/.kube/config)
  --no-exec-plugins          refuse kubeconfig users whose credentials come from a command (kubectl runs them)
  --cluster-timeout <seconds>  give up on one request to the API server after this long (default: ${DEFAULT_CLUSTER_TIMEOUT_SECONDS})
  --no-registry              do not ask registries: unpinned tags are reported, not compared
  --format <format>          text or json (default: text)
  --config <file>            use this file instead of the nearest .shipshape.yaml (for its ignore patterns)
  --stdin-filename <name>    the name to show for -
  -h, --help                 show this help
  -v, --version              show the version

${REGISTRY_USAGE}
Exit status: 0 every container runs what is declared (or cannot be compared: image config IDs, no
digest to compare with), 1 drift, a live template that differs from the file, a workload that is
missing or has no pods, or pods that are not ready, 2 a usage, path, kubeconfig, cluster (unreachable,
credentials rejected, forbidden) or registry error.
`;

export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
  const parsed = parseOrUsage({
    args: [...argv],
    allowPositionals: true,
    allowNegative: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      format: { type: 'string' },
      config: { type: 'string' },
      'stdin-filename': { type: 'string' },
      context: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      kubeconfig: { type: 'string', multiple: true },
      'exec-plugins': { type: 'boolean' },
      'cluster-timeout': { type: 'string' },
      registry: { type: 'boolean' },
      ...REGISTRY_OPTIONS,
    },
  });
  const { values, positionals } = parsed;
  const paths = pathsOf(positionals, values['stdin-filename']);
  for (const [name, value] of [['config', values.config], ['stdin-filename', values['stdin-filename']], ['context', values.context], ['namespace', values.namespace]]) {
    if (value === '') throw new UsageError(`--${name} needs a non-empty value`);
  }
  if ((values.kubeconfig ?? []).some((file) => file === '')) throw new UsageError('--kubeconfig needs a non-empty value');
  const registryOff = values.registry === false;
  if (registryOff && registryOptionGiven(values)) throw new UsageError('the registry options do not go with --no-registry');
  return {
    help: values.help ?? false,
    version: values.version ?? false,
    paths,
    format: oneOf('--format', values.format ?? 'text', PIN_FORMATS),
    configFile: values.config,
    stdinFilename: values['stdin-filename'],
    kubeconfig: values.kubeconfig ?? [],
    context: values.context,
    namespace: values.namespace,
    execPlugins: values['exec-plugins'] ?? true,
    clusterTimeoutMs: parseSeconds('--cluster-timeout', values['cluster-timeout'], DEFAULT_CLUSTER_TIMEOUT_SECONDS),
    registry: registryOff ? undefined : parseRegistryArgs(values),
  };
}

interface RegistryValues {
  'ca-file'?: string | undefined;
  'insecure-registry'?: string[] | undefined;
  'skip-tls-verify'?: string[] | undefined;
  'registry-timeout'?: string | undefined;
}

function registryOptionGiven(values: RegistryValues): boolean {
  return Object.keys(REGISTRY_OPTIONS).some((name) => values[name as keyof RegistryValues] !== undefined);
}

function parseRegistryArgs(values: RegistryValues): RegistryArgs {
  if (values['ca-file'] === '') throw new UsageError('--ca-file needs a non-empty value');
  return {
    caFile: values['ca-file'],
    insecureRegistries: (values['insecure-registry'] ?? []).map((host) => registryHost('--insecure-registry', host)),
    skipTlsVerify: (values['skip-tls-verify'] ?? []).map((host) => registryHost('--skip-tls-verify', host)),
    timeoutMs: parseTimeout(values['registry-timeout']),
  };
}

/** host[:port], as registries are written in image references: no scheme, no path. */
function registryHost(option: string, raw: string): string {
  const host = raw.trim();
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?$/.test(host)) {
    throw new UsageError(`${option} takes host[:port], like registry.local:5000 (got "${raw}")`);
  }
  return host.toLowerCase();
}

function parseTimeout(raw: string | undefined): number {
  return parseSeconds('--registry-timeout', raw, DEFAULT_REGISTRY_TIMEOUT_SECONDS);
}

function parseSeconds(option: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback * 1000;
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(seconds > 0)) throw new UsageError(`${option} takes a positive number of seconds (got "${raw}")`);
  return Math.ceil(seconds * 1000);
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

function parseRuleOverrides(specs: readonly string[]): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq === -1) throw new UsageError(`--rule takes <id>=<setting> (got "${spec}")`);
    const id = spec.slice(0, eq).trim();
    const setting = spec.slice(eq + 1).trim();
    if (!RULE_IDS.has(id)) throw new UsageError(`--rule: unknown rule "${id}"`);
    rules[id] = oneOf(`--rule ${id}`, setting, RULE_SETTINGS) as RuleSetting;
  }
  return rules;
}

function parseMaxFileSize(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_MAX_FILE_SIZE_MIB * 1024 * 1024;
  const mib = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(mib > 0)) throw new UsageError(`--max-file-size takes a positive number of MiB (got "${raw}")`);
  return Math.floor(mib * 1024 * 1024);
}

/** The paths to check (default `.`); stdin (`-`) at most once, and --stdin-filename only with it. */
function pathsOf(positionals: string[], stdinFilename: string | undefined): string[] {
  const paths = positionals.length > 0 ? positionals : ['.'];
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  if (stdinFilename !== undefined && !paths.includes('-')) throw new UsageError('--stdin-filename needs - among the paths');
  return paths;
}

/** node:util's parseArgs, its complaints (an unknown option, a missing value) as UsageErrors. */
function parseOrUsage<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
