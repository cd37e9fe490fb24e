// The `shipshape` settings section: typed once here, fetched per document, cached per URI, cleared
// when the client reports a configuration change.
import { delimiter } from 'node:path';
import { RULE_IDS, SEVERITIES, type RuleSetting } from '../engine/index';

export const SETTINGS_SECTION = 'shipshape';

export interface ShipshapeSettings {
  enable: boolean;
  /** Rule id → setting, only for ids the user set to something other than `default`. */
  rules: Record<string, RuleSetting>;
  /** In MiB. */
  maxFileSize: number;
  lintDelayMs: number;
  network: NetworkSettings;
  /** Pinning keeps the tag next to the digest (`app:v1@sha256:…`). */
  pinKeepTag: boolean;
  live: LiveSettings;
}

/** How the cluster is read for live data; applied only in a trusted workspace. */
export interface LiveSettings {
  /** Live data in the image hover. */
  enable: boolean;
  /** The `live-digest-drift` diagnostic (background lookups of every workload of open files). */
  driftDiagnostics: boolean;
  /** Kubeconfig files from Shipshape's setting; empty: the Kubernetes extension's, else KUBECONFIG, else ~/.kube/config. */
  kubeconfig: string[];
  /** The Kubernetes extension's `vs-kubernetes.kubeconfig`. */
  extensionKubeconfig: string | undefined;
  /** The context to use instead of the kubeconfig's current-context. */
  context: string | undefined;
  timeoutSeconds: number;
}

/** Where the server puts the Kubernetes extension's `vs-kubernetes.kubeconfig` next to Shipshape's section. */
export const KUBERNETES_EXTENSION_KUBECONFIG = '$kubernetesExtensionKubeconfig';

/** How registries are reached; applied only in a trusted workspace. */
export interface NetworkSettings {
  /** Background registry checks while editing (pinning is an explicit action and does not need this). */
  enable: boolean;
  caFile: string | undefined;
  insecureRegistries: string[];
  skipTlsVerify: string[];
  timeoutSeconds: number;
}

export const DEFAULT_NETWORK_SETTINGS: Readonly<NetworkSettings> = Object.freeze({
  enable: false,
  caFile: undefined,
  insecureRegistries: [],
  skipTlsVerify: [],
  timeoutSeconds: 10,
});

export const DEFAULT_LIVE_SETTINGS: Readonly<LiveSettings> = Object.freeze({ enable: true, driftDiagnostics: false, kubeconfig: [], extensionKubeconfig: undefined, context: undefined, timeoutSeconds: 5 });

export const DEFAULT_SETTINGS: Readonly<ShipshapeSettings> = Object.freeze({
  enable: true,
  rules: {},
  maxFileSize: 10,
  lintDelayMs: 0,
  network: DEFAULT_NETWORK_SETTINGS,
  pinKeepTag: true,
  live: DEFAULT_LIVE_SETTINGS,
});

const RULE_SETTINGS: ReadonlySet<string> = new Set<string>([...SEVERITIES, 'off', 'default']);
const MAX_LINT_DELAY_MS = 10_000;
const MAX_TIMEOUT_SECONDS = 300;

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
    network: normalizeNetwork(section),
    pinKeepTag: isRecord(section.pin) && typeof section.pin.keepTag === 'boolean' ? section.pin.keepTag : DEFAULT_SETTINGS.pinKeepTag,
    live: normalizeLive(section),
  };
}

function normalizeLive(section: Record<string, unknown>): LiveSettings {
  const live = isRecord(section.live) ? section.live : {};
  const kubernetes = isRecord(section.kubernetes) ? section.kubernetes : {};
  const paths = (value: unknown): string[] =>
    typeof value === 'string' ? value.split(delimiter).map((p) => p.trim()).filter((p) => p !== '') : [];
  const context = typeof kubernetes.context === 'string' && kubernetes.context.trim() !== '' ? kubernetes.context.trim() : undefined;
  return {
    enable: typeof live.enable === 'boolean' ? live.enable : DEFAULT_LIVE_SETTINGS.enable,
    driftDiagnostics: typeof live.driftDiagnostics === 'boolean' ? live.driftDiagnostics : DEFAULT_LIVE_SETTINGS.driftDiagnostics,
    kubeconfig: paths(kubernetes.kubeconfig),
    extensionKubeconfig: paths(section[KUBERNETES_EXTENSION_KUBECONFIG])[0],
    context,
    timeoutSeconds: Math.min(positiveNumber(kubernetes.timeoutSeconds) ?? DEFAULT_LIVE_SETTINGS.timeoutSeconds, 60),
  };
}

function normalizeNetwork(section: Record<string, unknown>): NetworkSettings {
  const network = isRecord(section.network) ? section.network : {};
  const registry = isRecord(section.registry) ? section.registry : {};
  const caFile = typeof registry.caFile === 'string' && registry.caFile.trim() !== '' ? registry.caFile.trim() : undefined;
  return {
    enable: typeof network.enable === 'boolean' ? network.enable : DEFAULT_NETWORK_SETTINGS.enable,
    caFile,
    insecureRegistries: hostList(registry.insecureRegistries),
    skipTlsVerify: hostList(registry.skipTlsVerify),
    timeoutSeconds: Math.min(positiveNumber(registry.timeoutSeconds) ?? DEFAULT_NETWORK_SETTINGS.timeoutSeconds, MAX_TIMEOUT_SECONDS),
  };
}

/** Non-empty host[:port] strings, trimmed, without duplicates. */
function hostList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== ''))];
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
