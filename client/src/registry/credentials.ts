import { homedir } from 'node:os';
import { join } from 'node:path';
import { type AuthFile, credentialFromAuths, helperServerUrl, readAuthFile, registryKey } from './credentials-config';
import { runCredentialHelper } from './credentials-helper';
import type { Credential, CredentialProvider } from './types';

export interface DockerCredentialsOptions {
  /** Where DOCKER_CONFIG, HOME, XDG_RUNTIME_DIR, REGISTRY_AUTH_FILE and the helpers' PATH come from. */
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** False in an untrusted workspace: credHelpers/credsStore are then never run, only `auths` is read. */
  allowHelpers: boolean;
  helperTimeoutMs?: number;
}

/**
 * Registry credentials found where docker finds them: `credHelpers[host]`, else `credsStore`,
 * then `auths[host]` of the docker config; then podman/skopeo's auth.json. Results are cached
 * per host for the provider's lifetime; failures are not, so a locked keychain can be retried.
 */
export class DockerCredentials implements CredentialProvider {
  private readonly env: NodeJS.ProcessEnv;
  private readonly homeDir: string;
  private readonly allowHelpers: boolean;
  private readonly helperTimeoutMs: number;
  private readonly byHost = new Map<string, Promise<Credential | undefined>>();
  private readonly files = new Map<string, Promise<AuthFile>>();

  constructor(options: DockerCredentialsOptions) {
    this.env = options.env ?? process.env;
    this.homeDir = options.homeDir ?? (this.env.HOME || this.env.USERPROFILE || homedir());
    this.allowHelpers = options.allowHelpers;
    this.helperTimeoutMs = options.helperTimeoutMs ?? 10_000;
  }

  get(registryHost: string): Promise<Credential | undefined> {
    const key = registryKey(registryHost);
    let pending = this.byHost.get(key);
    if (!pending) {
      pending = this.lookUp(key);
      this.byHost.set(key, pending);
      pending.catch(() => this.byHost.delete(key));
    }
    return pending;
  }

  /** The docker config file this provider reads. */
  get dockerConfigPath(): string {
    return join(this.env.DOCKER_CONFIG || join(this.homeDir, '.docker'), 'config.json');
  }

  /** The podman/skopeo auth file this provider reads, if there is one to read. */
  get podmanAuthPath(): string | undefined {
    if (this.env.REGISTRY_AUTH_FILE) return this.env.REGISTRY_AUTH_FILE;
    if (this.env.XDG_RUNTIME_DIR) return join(this.env.XDG_RUNTIME_DIR, 'containers', 'auth.json');
    return undefined;
  }

  private async lookUp(key: string): Promise<Credential | undefined> {
    const docker = await this.authFile(this.dockerConfigPath);
    const helper = this.allowHelpers ? (docker.credHelpers.get(key) ?? docker.credsStore) : undefined;
    if (helper) {
      const fromHelper = await runCredentialHelper({ helper, serverUrl: helperServerUrl(key), env: this.env, timeoutMs: this.helperTimeoutMs });
      if (fromHelper) return fromHelper;
    }
    const fromAuths = credentialFromAuths(docker, key);
    if (fromAuths) return fromAuths;

    const podmanPath = this.podmanAuthPath;
    if (!podmanPath) return undefined;
    return credentialFromAuths(await this.authFile(podmanPath), key);
  }

  /** Each file is read once; a read that failed is tried again next time. */
  private authFile(path: string): Promise<AuthFile> {
    let pending = this.files.get(path);
    if (!pending) {
      pending = readAuthFile(path);
      this.files.set(path, pending);
      pending.catch(() => this.files.delete(path));
    }
    return pending;
  }
}
