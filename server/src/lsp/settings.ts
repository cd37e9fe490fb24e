// The `shipshape` settings section: typed once here, fetched per document, cached per URI, cleared
// when the client reports a configuration change.
import { RULE_IDS, SEVERITIES, type RuleSetting } from '../engine/index';

export const SETTINGS_SECTION = 'shipshape';

export interface ShipshapeSettings {
  enable: boolean;
  /** Rule id → setting, only for ids the user set to something other than `default`. */
  rules: Record<string, RuleSetting>;
  /** In MiB. */
  maxFileSize: number;
  lintDelayMs: number;
}

export const DEFAULT_SETTINGS: Readonly<ShipshapeSettings> = Object.freeze({ enable: true, rules: {}, maxFileSize: 10, lintDelayMs: 0 });

const RULE_SETTINGS: ReadonlySet<string> = new Set<string>([...SEVERITIES, 'off', 'default']);
const MAX_LINT_DELAY_MS = 10_000;

/** The section as the client sent it; a missing or malformed value falls back to its default. */
export function normalizeSettings(raw: unknown): ShipshapeSettings {
  const section = isRecord(raw) ? raw : {};
  const rules: Record<string, RuleSetting> = {};
  if (isRecord(section.rules)) {
    for (const [id, value] of Object.entries(section.rules)) {
      if (RULE_IDS.has(id) && typeof value === 'string' && RULE_SETTINGS.has(value) && value !== 'default') rules[id] = value as RuleSetting;
    }
  }
  return {
    enable: typeof section.enable === 'boolean' ? section.enable : DEFAULT_SETTINGS.enable,
    rules,
    maxFileSize: positiveNumber(section.maxFileSize) ?? DEFAULT_SETTINGS.maxFileSize,
    lintDelayMs: Math.min(nonNegativeNumber(section.lintDelayMs) ?? DEFAULT_SETTINGS.lintDelayMs, MAX_LINT_DELAY_MS),
  };
}

/** Asks the client for the section, scoped to one document. */
export type SettingsFetcher = (uri: string) => Promise<unknown>;

export class SettingsCache {
  private readonly byUri = new Map<string, Promise<ShipshapeSettings>>();
  /** The section from the last didChangeConfiguration, for clients without workspace/configuration. */
  private pushed: unknown;

  constructor(private readonly fetch: SettingsFetcher | undefined) {}

  get(uri: string): Promise<ShipshapeSettings> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.fetch
        ? this.fetch(uri).then(normalizeSettings, () => normalizeSettings(undefined))
        : Promise.resolve(normalizeSettings(this.pushed));
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  /** On didChangeConfiguration: drop everything; `pushed` is the notification's settings payload. */
  reset(pushed: unknown): void {
    this.pushed = isRecord(pushed) ? pushed[SETTINGS_SECTION] : undefined;
    this.byUri.clear();
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

function nonNegativeNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
