// `.shipshape.yaml`, the project's shared configuration, and how it combines with user settings.
import { parse } from 'yaml';
import { SEVERITIES, type RuleSetting } from './types';

export const CONFIG_FILE_NAME = '.shipshape.yaml';

export interface ProjectConfig {
  /** Rule id → setting. */
  rules: Record<string, RuleSetting>;
  /** gitignore-style patterns, relative to the folder that holds the config file. */
  ignore: string[];
  /** Problems found while reading the file, in words, each naming the key at fault. */
  problems: string[];
}

const SETTINGS: readonly string[] = [...SEVERITIES, 'off', 'default'];

export function emptyConfig(): ProjectConfig {
  return { rules: {}, ignore: [], problems: [] };
}

export function parseProjectConfig(text: string, knownRules: ReadonlySet<string>): ProjectConfig {
  const config = emptyConfig();
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 50, prettyErrors: false });
  } catch (error) {
    config.problems.push(`${CONFIG_FILE_NAME} is not valid YAML: ${(error as Error).message}`);
    return config;
  }
  if (data === null || data === undefined) return config;
  if (typeof data !== 'object' || Array.isArray(data)) {
    config.problems.push(`${CONFIG_FILE_NAME} must be a mapping with "rules" and/or "ignore"`);
    return config;
  }
  const { rules, ignore, ...rest } = data as Record<string, unknown>;
  for (const key of Object.keys(rest)) config.problems.push(`${CONFIG_FILE_NAME}: unknown key "${key}" (expected "rules" or "ignore")`);
  if (rules !== undefined && rules !== null) {
    if (typeof rules !== 'object' || Array.isArray(rules)) {
      config.problems.push(`${CONFIG_FILE_NAME}: "rules" must map rule ids to ${SETTINGS.join('|')}`);
    } else {
      for (const [id, raw] of Object.entries(rules as Record<string, unknown>)) {
        // YAML 1.2 reads `off` as a string, but `false` means off too.
        const value = raw === false ? 'off' : raw;
        if (!knownRules.has(id)) config.problems.push(`${CONFIG_FILE_NAME}: unknown rule "${id}"`);
        else if (typeof value !== 'string' || !SETTINGS.includes(value)) {
          config.problems.push(`${CONFIG_FILE_NAME}: rule "${id}" must be one of ${SETTINGS.join(', ')}`);
        } else config.rules[id] = value as RuleSetting;
      }
    }
  }
  if (ignore !== undefined && ignore !== null) {
    const list = typeof ignore === 'string' ? [ignore] : ignore;
    if (!Array.isArray(list) || list.some((p) => typeof p !== 'string')) {
      config.problems.push(`${CONFIG_FILE_NAME}: "ignore" must be a list of path patterns`);
    } else config.ignore = list as string[];
  }
  return config;
}

/** Later layers win, except where they say `default`. */
export function combineRuleSettings(...layers: Array<Record<string, RuleSetting> | undefined>): Record<string, RuleSetting> {
  const result: Record<string, RuleSetting> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [id, setting] of Object.entries(layer)) if (setting !== 'default') result[id] = setting;
  }
  return result;
}
