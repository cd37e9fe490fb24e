// (f) Pinning a 200-image workspace against a real docker-registry on 127.0.0.1: `shipshape pin` and
// `pin --write` as whole processes, and the language server's pinWorkspace command (spawn → edit
// received) with the extension's defaults. Each run starts cold: no digest is known beforehand.
import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LspHarness } from '../test/fixtures/lsp/harness';
import { image, push } from '../test/registry/harness/images';
import { startRegistry } from '../test/registry/harness/registry';
import { nowMs } from './stats';

const REPOSITORIES = 20;
const TAGS_PER_REPOSITORY = 10;
const FILES = 50;
const CONTAINERS_PER_FILE = 4;

export interface PinningSamples {
  images: number;
  files: number;
  cliDryRunMs: number[];
  cliWriteMs: number[];
  serverPinWorkspaceMs: number[];
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function deployment(name: string, images: string[]): string {
  const containers = images.map((ref, i) => `        - name: c${i}\n          image: ${ref}\n`).join('');
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n${containers}`;
}

export async function measurePinning(distDir: string, workDir: string, runs: number, progress: (m: string) => void): Promise<PinningSamples> {
  const registry = await startRegistry();
  try {
    const manifest = image('oci');
    const refs: string[] = [];
    for (let r = 0; r < REPOSITORIES; r++) {
      for (let t = 0; t < TAGS_PER_REPOSITORY; t++) {
        await push({ origin: registry.origin }, `bench/app${r}`, `v1.${t}`, manifest);
        refs.push(`${registry.host}/bench/app${r}:v1.${t}`);
      }
    }
    progress(`pushed ${refs.length} tags to ${registry.host}`);
    const source = join(workDir, 'pin-source');
    for (let f = 0; f < FILES; f++) {
      const dir = join(source, `svc${f % 10}`);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `deploy-${f}.yaml`), deployment(`svc${f}`, refs.slice(f * CONTAINERS_PER_FILE, (f + 1) * CONTAINERS_PER_FILE)));
    }
    const cli = join(distDir, 'cli.js');
    const samples: PinningSamples = { images: refs.length, files: FILES, cliDryRunMs: [], cliWriteMs: [], serverPinWorkspaceMs: [] };
    const expected = `@${manifest.digest}`;
    for (let i = 0; i < runs; i++) {
      const tree = join(workDir, `pin-run-${i}`);
      await cp(source, tree, { recursive: true });

      let start = nowMs();
      const dry = await run(process.execPath, [cli, 'pin', tree, '--format', 'json'], workDir);
      samples.cliDryRunMs.push(nowMs() - start);
      if (dry.code !== 1) throw new Error(`shipshape pin exited ${dry.code} (expected 1: images to pin): ${dry.stderr.slice(-1000)}`);
      const wouldPin = (dry.stdout.match(new RegExp(expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g')) ?? []).length;
      if (wouldPin < refs.length) throw new Error(`shipshape pin proposed ${wouldPin} pins, expected ${refs.length}`);

      const serverTree = join(workDir, `pin-server-${i}`);
      await cp(source, serverTree, { recursive: true });
      start = nowMs();
      const harness = await LspHarness.started({ workspaceFolders: [serverTree], initializationOptions: { trusted: true } });
      try {
        await harness.executeCommand('shipshape.server.pinWorkspace', [{}], 60_000);
        samples.serverPinWorkspaceMs.push(nowMs() - start);
        const edit = harness.appliedEdits[0]?.edit;
        const edits = (edit?.documentChanges ?? []).reduce((n, change) => n + ('edits' in change ? change.edits.length : 0), 0) + Object.values(edit?.changes ?? {}).reduce((n, e) => n + e.length, 0);
        if (edits !== refs.length) throw new Error(`pinWorkspace edited ${edits} images, expected ${refs.length}`);
      } finally {
        harness.kill();
      }

      start = nowMs();
      const write = await run(process.execPath, [cli, 'pin', tree, '--write'], workDir);
      samples.cliWriteMs.push(nowMs() - start);
      if (write.code !== 0) throw new Error(`shipshape pin --write exited ${write.code}: ${write.stderr.slice(-1000)}`);
      const written = await readFile(join(tree, 'svc0', 'deploy-0.yaml'), 'utf8');
      if (!written.includes(`${refs[0]}${expected}`)) throw new Error('pin --write did not write the registry digest');
      await rm(tree, { recursive: true, force: true });
      await rm(serverTree, { recursive: true, force: true });
    }
    return samples;
  } finally {
    await registry.stop();
  }
}
