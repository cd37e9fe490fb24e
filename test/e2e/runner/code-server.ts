// code-server 4.139 (VS Code 1.139) on Node 24, one per session, on a free loopback port. The extension
// host starts only when a workbench connects (see workbench.ts).
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Tools } from './tools';

const READY_DEADLINE_MS = 30_000;

/** User settings for every session: nothing that reaches for the internet or competes for the 2 cores. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.minimap.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
};
const STOP_DEADLINE_MS = 10_000;

/** Process groups of the servers still running, for killCodeServers() on an interrupt. */
const runningGroups = new Set<number>();

/** Kills every code-server this process started and has not stopped (on Ctrl+C or SIGTERM). */
export function killCodeServers(): void {
  for (const pid of runningGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  runningGroups.clear();
}

export interface CodeServerOptions {
  /** A throwaway folder for this server's user data, config and caches. */
  home: string;
  extensionsDir: string;
  /** Without it, Workspace Trust applies and a new folder opens untrusted (Restricted Mode). */
  trusted: boolean;
  /** Added to the environment; the extension host inherits it. */
  env: Record<string, string>;
}

export interface CodeServer {
  origin: string;
  /** `vscode-remote://…` for a path on this machine, as the workbench's payload wants it. */
  remoteUri(path: string): string;
  output(): string;
  stop(): Promise<void>;
}

function toolEnv(tools: Tools, home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${join(tools.node, '..')}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, 'cache'),
    ...extra,
  };
}

export async function installVsix(tools: Tools, vsix: string, extensionsDir: string, home: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    tools.node,
    [tools.codeServerEntry, '--config', '/dev/null', '--user-data-dir', join(home, 'user-data'), '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { env: toolEnv(tools, home), timeout: 120_000 },
  );
  return stdout.trim();
}

export async function startCodeServer(tools: Tools, options: CodeServerOptions): Promise<CodeServer> {
  const port = await freePort();
  mkdirSync(join(options.home, 'user-data', 'User'), { recursive: true });
  writeFileSync(join(options.home, 'user-data', 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const args = [
    tools.codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir', join(options.home, 'user-data'),
    '--extensions-dir', options.extensionsDir,
    '--config', '/dev/null',
    // Lets the workbench take extensionDevelopmentPath/extensionTestsPath from the URL payload.
    '--vscode-option', 'enable-smoke-test-driver',
    ...(options.trusted ? ['--disable-workspace-trust'] : []),
  ];
  // Its own process group, so stopping it also stops the extension host and language server it started.
  const child = spawn(tools.node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: toolEnv(tools, options.home, options.env) });
  if (child.pid !== undefined) runningGroups.add(child.pid);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    origin,
    remoteUri: (path) => `vscode-remote://127.0.0.1:${port}${path}`,
    output: () => output,
    stop: () => stopGroup(child),
  };
  try {
    await whenHealthy(origin, child, () => output);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function whenHealthy(origin: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    try {
      const reply = await fetch(`${origin}/healthz`);
      if (reply.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server was not healthy within ${READY_DEADLINE_MS} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-pid, name);
    } catch {
      // the whole group is gone
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), STOP_DEADLINE_MS);
    await exited;
    clearTimeout(timer);
  }
  // The group may outlive its leader (extension host, language server).
  signal('SIGKILL');
  runningGroups.delete(pid);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
