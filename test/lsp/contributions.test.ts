// What package.json promises VS Code matches what the server reads and what the client registers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES, ruleDocUrl } from '../../server/src/engine/index';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { ROOT } from '../fixtures/lsp/harness';

interface SettingSchema {
  type?: string;
  default?: unknown;
  enum?: string[];
  scope?: string;
  description?: string;
  markdownDescription?: string;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  activationEvents?: string[];
  capabilities?: unknown;
  contributes?: {
    configuration?: { title?: string; properties?: Record<string, SettingSchema> };
    commands?: Array<{ command: string; title: string; category?: string }>;
    grammars?: unknown[];
  };
};
const properties = manifest.contributes?.configuration?.properties ?? {};
const client = readFileSync(join(ROOT, 'client/src/extension.ts'), 'utf8');
/** The settings that make the server contact registries: restricted in an untrusted workspace. */
const NETWORK_SETTINGS = [
  'shipshape.network.enable',
  'shipshape.registry.caFile',
  'shipshape.registry.insecureRegistries',
  'shipshape.registry.skipTlsVerify',
  'shipshape.registry.timeoutSeconds',
];
/** The settings that make the server read the cluster (and may run kubeconfig exec plugins): restricted too. */
const CLUSTER_SETTINGS = ['shipshape.kubernetes.kubeconfig', 'shipshape.kubernetes.context', 'shipshape.live.enable', 'shipshape.live.driftDiagnostics'];

describe('package.json contributions', () => {
  it('activates on YAML and supports untrusted workspaces', () => {
    assert.deepEqual(manifest.activationEvents, ['onLanguage:yaml']);
    assert.deepEqual(manifest.capabilities, {
      untrustedWorkspaces: {
        supported: 'limited',
        description: 'In an untrusted workspace Shipshape lints but never contacts registries or runs credential helpers.',
        restrictedConfigurations: [...NETWORK_SETTINGS, ...CLUSTER_SETTINGS],
      },
    });
  });

  it('declares exactly the general settings and one setting per rule, each described', () => {
    const expected = [
      'shipshape.enable',
      'shipshape.maxFileSize',
      'shipshape.lintDelayMs',
      'shipshape.trace.server',
      ...NETWORK_SETTINGS,
      'shipshape.pin.keepTag',
      ...CLUSTER_SETTINGS,
      'shipshape.kubernetes.timeoutSeconds',
      ...ALL_RULES.map((r) => `shipshape.rules.${r.id}`),
    ];
    assert.deepEqual(Object.keys(properties).sort(), expected.sort());
    assert.equal(manifest.contributes?.configuration?.title, 'Shipshape');
    for (const [key, schema] of Object.entries(properties)) {
      assert.ok((schema.description ?? schema.markdownDescription ?? '').length > 20, `${key} needs a description`);
      assert.ok(schema.scope, `${key} needs a scope`);
    }
  });

  it('has the defaults the server assumes', () => {
    assert.equal(properties['shipshape.enable']?.default, DEFAULT_SETTINGS.enable);
    assert.equal(properties['shipshape.maxFileSize']?.default, DEFAULT_SETTINGS.maxFileSize);
    assert.equal(properties['shipshape.lintDelayMs']?.default, DEFAULT_SETTINGS.lintDelayMs);
    assert.deepEqual(properties['shipshape.trace.server']?.enum, ['off', 'messages', 'verbose']);
    assert.equal(properties['shipshape.network.enable']?.default, DEFAULT_SETTINGS.network.enable);
    assert.equal(properties['shipshape.registry.timeoutSeconds']?.default, DEFAULT_SETTINGS.network.timeoutSeconds);
    assert.deepEqual(properties['shipshape.registry.insecureRegistries']?.default, DEFAULT_SETTINGS.network.insecureRegistries);
    assert.deepEqual(properties['shipshape.registry.skipTlsVerify']?.default, DEFAULT_SETTINGS.network.skipTlsVerify);
    assert.equal(properties['shipshape.pin.keepTag']?.default, DEFAULT_SETTINGS.pinKeepTag);
    assert.equal(properties['shipshape.live.enable']?.default, DEFAULT_SETTINGS.live.enable);
    assert.equal(properties['shipshape.live.driftDiagnostics']?.default, DEFAULT_SETTINGS.live.driftDiagnostics);
    assert.equal(properties['shipshape.kubernetes.kubeconfig']?.default, '');
    assert.equal(properties['shipshape.kubernetes.context']?.default, '');
    assert.equal(properties['shipshape.kubernetes.timeoutSeconds']?.default, DEFAULT_SETTINGS.live.timeoutSeconds);
  });

  for (const rule of ALL_RULES) {
    it(`describes shipshape.rules.${rule.id} with the rule's own text and doc link`, () => {
      const schema = properties[`shipshape.rules.${rule.id}`];
      assert.equal(schema?.scope, 'resource');
      assert.ok(schema?.markdownDescription?.startsWith(rule.description), `stale description for ${rule.id}`);
      assert.ok(schema?.markdownDescription?.includes(`(${ruleDocUrl(rule.id)})`), `no doc link for ${rule.id}`);
    });
  }

  it('contributes the commands the client registers', () => {
    const commands = manifest.contributes?.commands ?? [];
    assert.deepEqual(
      commands.map((c) => `${c.category}: ${c.title}`),
      [
        'Shipshape: Restart Language Server',
        'Shipshape: Show Output',
        'Shipshape: Switch Kubernetes Context',
        'Shipshape: Refresh Live Data',
        'Shipshape: Pin Image at Cursor to Digest',
        'Shipshape: Pin All Images in File to Digests',
        'Shipshape: Pin All Images in Workspace to Digests',
      ],
    );
    for (const { command } of commands) assert.ok(client.includes(`registerCommand('${command}'`), `the client registers ${command}`);
  });

  it('injects the directive grammar into YAML', () => {
    assert.deepEqual(manifest.contributes?.grammars, [
      { scopeName: 'shipshape.directives.injection', path: './syntaxes/shipshape-directives.tmLanguage.json', injectTo: ['source.yaml'] },
    ]);
  });
});
