// `shipshape lint` arguments: parsed with node:util and checked, so the command gets only valid values.
import { parseArgs } from 'node:util';
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
}

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
  -h, --help                 show this help
  -v, --version              show the version

Exit status: 0 no finding at or above --fail-on, 1 at least one, 2 a usage, path, config or rule error.
`;

export function parseLintArgs(argv: readonly string[]): LintArgs {
  let parsed;
  try {
    parsed = parseArgs({
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
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const paths = positionals.length > 0 ? positionals : ['.'];
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  if (values['stdin-filename'] !== undefined && !paths.includes('-')) throw new UsageError('--stdin-filename needs - among the paths');
  for (const [name, value] of [['output-file', values['output-file']], ['config', values.config], ['stdin-filename', values['stdin-filename']]]) {
    if (value === '') throw new UsageError(`--${name} needs a non-empty value`);
  }

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
  };
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
