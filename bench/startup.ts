// (d) Extension activation, measured OUTSIDE VS Code (a fresh node, a stand-in `vscode` module), and the
// server's cold start: spawn → initialize → didOpen of a typical manifest → its publishDiagnostics.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BenchLspClient } from './lsp-client';
import { nowMs } from './stats';

const execFileAsync = promisify(execFile);

export interface ActivationSample {
  requireMs: number;
  activateMs: number;
  totalMs: number;
  /** activate() start → the language client asking to launch the server (refused by the probe). */
  serverLaunchAfterMs: number | null;
  subscriptions: number;
  registeredCommands: string[];
  /** Stand-in members the probe did not spell out, served inert (what vscode-languageclient reads). */
  fallbackServed: string[];
}

/** One fresh process per sample, so every require is cold. */
export async function measureActivation(root: string, runs: number): Promise<ActivationSample[]> {
  const probe = join(root, 'bench', 'activation-probe.cjs');
  const samples: ActivationSample[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await execFileAsync(process.execPath, [probe, root], { cwd: root, timeout: 30_000 });
    const sample = JSON.parse(stdout) as ActivationSample;
    if (sample.subscriptions === 0) throw new Error(`activate() registered nothing: ${stdout}`);
    samples.push(sample);
  }
  return samples;
}

export interface ColdStartSample {
  /** spawn → initialize response. */
  initializeMs: number;
  /** spawn → the typical manifest's publishDiagnostics. */
  firstDiagnosticsMs: number;
  diagnostics: number;
}

export async function measureColdStart(serverJs: string, uri: string, text: string, runs: number): Promise<ColdStartSample[]> {
  const samples: ColdStartSample[] = [];
  for (let i = 0; i < runs; i++) {
    const client = BenchLspClient.spawn(serverJs);
    try {
      await client.initialize();
      const initializeMs = nowMs() - client.spawnedAt;
      const published = client.diagnostics(uri, 1, 30_000);
      await client.open(uri, text, 1);
      const { at, params } = await published;
      samples.push({ initializeMs, firstDiagnosticsMs: at - client.spawnedAt, diagnostics: params.diagnostics.length });
    } finally {
      await client.stop();
    }
  }
  return samples;
}
