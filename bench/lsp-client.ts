// A minimal LSP client for the built server: spawns `node dist/server.js --stdio`, answers
// workspace/configuration with empty sections (so the shipped defaults apply) and timestamps every
// publishDiagnostics the moment it is decoded.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { nowMs, withDeadline } from './stats';

export interface Published {
  params: PublishDiagnosticsParams;
  /** nowMs() when the notification was decoded. */
  at: number;
}

interface Waiter {
  uri: string;
  version: number;
  resolve(published: Published): void;
}

export class BenchLspClient {
  /** nowMs() just before the process was spawned. */
  readonly spawnedAt: number;
  private readonly waiters = new Set<Waiter>();
  private stderr = '';
  private readonly exited: Promise<void>;
  /** Rejects when the process exits before stop(): nothing awaited from it will come. */
  private readonly died: Promise<never>;
  private stopping = false;

  private constructor(
    readonly proc: ChildProcessWithoutNullStreams,
    private readonly connection: ProtocolConnection,
    spawnedAt: number,
  ) {
    this.spawnedAt = spawnedAt;
    this.exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    this.died = new Promise<never>((_, reject) => {
      proc.once('exit', (code, signal) => {
        if (!this.stopping) reject(new Error(`the server exited (code ${code}, signal ${signal})`));
      });
    });
    this.died.catch(() => undefined);
    proc.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const at = nowMs();
      for (const waiter of this.waiters) {
        if (waiter.uri === params.uri && waiter.version === params.version) {
          this.waiters.delete(waiter);
          waiter.resolve({ params, at });
        }
      }
    });
    // Empty sections: the server falls back to the defaults the extension ships.
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({})));
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.listen();
  }

  static spawn(serverJs: string): BenchLspClient {
    const spawnedAt = nowMs();
    const proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: 'pipe' });
    const connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    return new BenchLspClient(proc, connection, spawnedAt);
  }

  async initialize(deadlineMs = 10_000): Promise<void> {
    await this.await(
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        workspaceFolders: null,
        capabilities: {
          workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
          textDocument: {
            synchronization: { dynamicRegistration: false },
            publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          },
        },
      }),
      deadlineMs,
      'the initialize response',
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Resolves with the first publishDiagnostics for this uri and version from now on. */
  diagnostics(uri: string, version: number, deadlineMs: number): Promise<Published> {
    let waiter!: Waiter;
    const published = new Promise<Published>((resolve) => (waiter = { uri, version, resolve }));
    this.waiters.add(waiter);
    return this.await(published, deadlineMs, `publishDiagnostics for ${uri} version ${version}`).finally(() => this.waiters.delete(waiter));
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  /** The server's resident set size now, from /proc/<pid>/status (Linux only). */
  rssBytes(): number {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    if (!match) throw new Error(`no VmRSS in /proc/${this.proc.pid}/status`);
    return Number(match[1]) * 1024;
  }

  /** shutdown + exit, then waits for the process; kills it if it lingers. */
  async stop(): Promise<void> {
    this.stopping = true;
    try {
      await withDeadline(this.connection.sendRequest(ShutdownRequest.type), 5000, 'the shutdown response');
      await this.connection.sendNotification(ExitNotification.type);
      await withDeadline(this.exited, 5000, 'the server to exit');
    } catch {
      this.proc.kill();
    } finally {
      this.connection.dispose();
    }
  }

  /** `promise` within the deadline, unless the server dies first; failures carry the server's last stderr. */
  private async await<T>(promise: Promise<T>, deadlineMs: number, what: string): Promise<T> {
    try {
      return await withDeadline(Promise.race([promise, this.died]), deadlineMs, what);
    } catch (error) {
      const tail = this.stderr.trim();
      throw new Error(`${(error as Error).message}${tail ? `; server stderr: ${tail}` : ''}`);
    }
  }
}
