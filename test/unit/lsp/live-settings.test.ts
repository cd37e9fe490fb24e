import assert from 'node:assert/strict';
import { delimiter } from 'node:path';
import { DEFAULT_LIVE_SETTINGS, KUBERNETES_EXTENSION_KUBECONFIG, normalizeSettings } from '../../../server/src/lsp/settings';

describe('live settings', () => {
  it('defaults: hover on, drift diagnostics off, kubectl finds the kubeconfig, its current-context, 5 s', () => {
    assert.deepEqual(normalizeSettings(undefined).live, DEFAULT_LIVE_SETTINGS);
    assert.deepEqual(DEFAULT_LIVE_SETTINGS, { enable: true, driftDiagnostics: false, kubeconfig: [], extensionKubeconfig: undefined, context: undefined, timeoutSeconds: 5 });
  });

  it("splits a KUBECONFIG-style list and keeps the Kubernetes extension's setting apart", () => {
    const both = normalizeSettings({ kubernetes: { kubeconfig: ` /a/config${delimiter}${delimiter}/b/config ` }, [KUBERNETES_EXTENSION_KUBECONFIG]: '/ext/config' });
    assert.deepEqual([both.live.kubeconfig, both.live.extensionKubeconfig], [['/a/config', '/b/config'], '/ext/config']);
    const none = normalizeSettings({ kubernetes: { kubeconfig: '' }, [KUBERNETES_EXTENSION_KUBECONFIG]: 7 });
    assert.deepEqual([none.live.kubeconfig, none.live.extensionKubeconfig], [[], undefined]);
  });

  it('takes a context name, switches, and bounds the timeout; malformed values fall back', () => {
    const live = normalizeSettings({ live: { enable: false, driftDiagnostics: true }, kubernetes: { context: ' prod ', timeoutSeconds: 600 } }).live;
    assert.deepEqual(live, { enable: false, driftDiagnostics: true, kubeconfig: [], extensionKubeconfig: undefined, context: 'prod', timeoutSeconds: 60 });
    const malformed = normalizeSettings({ live: { enable: 'yes' }, kubernetes: { context: '  ', timeoutSeconds: -1, kubeconfig: 42 } }).live;
    assert.deepEqual(malformed, DEFAULT_LIVE_SETTINGS);
  });
});
