// Starts Debian's docker-registry (the CNCF distribution registry 2.8) on 127.0.0.1 with a random port,
// optionally behind htpasswd, token auth or TLS. One per test file; stop() in after().
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RegistryConfig {
  htpasswd?: { username: string; password: string };
  token?: { realm: string; service: string; issuer: string; certificatePem: string };
  tls?: { certificatePem: string; keyPem: string };
}

export interface RunningRegistry {
  /** 127.0.0.1:PORT */
  host: string;
  port: number;
  /** http(s)://127.0.0.1:PORT */
  origin: string;
  stop(): Promise<void>;
}

const STARTUP_DEADLINE_MS = 10_000;

export async function startRegistry(config: RegistryConfig = {}): Promise<RunningRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-registry-'));
  const http: Record<string, unknown> = { addr: '127.0.0.1:0', secret: 'test-only' };
  const settings: Record<string, unknown> = {
    version: '0.1',
    log: { level: 'info', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: join(dir, 'data') },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http,
  };
  if (config.htpasswd) {
    const line = execFileSync('htpasswd', ['-Bbn', config.htpasswd.username, config.htpasswd.password], { encoding: 'utf8' });
    writeFileSync(join(dir, 'htpasswd'), line.trim() + '\n');
    settings.auth = { htpasswd: { realm: 'test', path: join(dir, 'htpasswd') } };
  }
  if (config.token) {
    writeFileSync(join(dir, 'token-cert.pem'), config.token.certificatePem);
    settings.auth = {
      token: { realm: config.token.realm, service: config.token.service, issuer: config.token.issuer, rootcertbundle: join(dir, 'token-cert.pem') },
    };
  }
  if (config.tls) {
    writeFileSync(join(dir, 'server.pem'), config.tls.certificatePem);
    writeFileSync(join(dir, 'server.key'), config.tls.keyPem);
    http.tls = { certificate: join(dir, 'server.pem'), key: join(dir, 'server.key') };
  }
  // JSON is YAML.
  writeFileSync(join(dir, 'config.yml'), JSON.stringify(settings));

  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let port: number;
  try {
    port = await listeningPort(child);
  } catch (error) {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const scheme = config.tls ? 'https' : 'http';
  return {
    host: `127.0.0.1:${port}`,
    port,
    origin: `${scheme}://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => done(new Error(`docker-registry did not report its port within ${STARTUP_DEADLINE_MS} ms:\n${log}`)), STARTUP_DEADLINE_MS);
    const done = (error: Error | undefined, port?: number): void => {
      clearTimeout(timer);
      child.stderr?.removeListener('data', onData);
      child.removeListener('error', onError);
      child.removeListener('exit', onExit);
      // Keep draining stderr so the registry never blocks on a full pipe.
      child.stderr?.resume();
      if (error) reject(error);
      else resolve(port!);
    };
    const onData = (chunk: Buffer): void => {
      log += chunk.toString('utf8');
      const match = /listening on [^"\s]*:(\d+)/.exec(log);
      if (match) done(undefined, Number(match[1]));
    };
    const onError = (error: NodeJS.ErrnoException): void => {
      done(error.code === 'ENOENT' ? new Error('docker-registry is not installed (apt-get install docker-registry)') : error);
    };
    const onExit = (code: number | null): void => done(new Error(`docker-registry exited with ${code} before listening:\n${log}`));
    child.stderr?.on('data', onData);
    child.once('error', onError);
    child.once('exit', onExit);
  });
}
