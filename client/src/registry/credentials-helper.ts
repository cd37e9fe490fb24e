import { execFile } from 'node:child_process';
import type { Credential } from './types';

export interface HelperRun {
  /** The part after `docker-credential-`, as written in credHelpers/credsStore. */
  helper: string;
  serverUrl: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/**
 * Asks `docker-credential-<helper> get` for a registry's credential, as docker does.
 * Resolves undefined when the helper says it has none. Rejections name the helper and the
 * registry only: what the helper printed may hold the secret, so none of it is ever quoted.
 */
export function runCredentialHelper({ helper, serverUrl, env, timeoutMs }: HelperRun): Promise<Credential | undefined> {
  const program = `docker-credential-${helper}`;
  const failure = (why: string) => new Error(`credential helper ${program} failed for ${serverUrl}: ${why}`);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const child = execFile(program, ['get'], { env, shell: false, windowsHide: true, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      settle(() => {
        if (error) {
          const code = error.code;
          if (code === 'ENOENT') return reject(new Error(`${program} not found on PATH (needed for ${serverUrl})`));
          if (/credentials not found/i.test(`${stdout}\n${stderr}`)) return resolve(undefined);
          if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return reject(failure('it printed too much'));
          return reject(failure(typeof code === 'number' ? `exit code ${code}` : error.signal ? `killed by ${error.signal}` : 'could not run it'));
        }
        try {
          resolve(parseHelperOutput(stdout));
        } catch {
          reject(failure('its output is not the JSON {ServerURL, Username, Secret}'));
        }
      });
    });
    // Kill and give up at once: a helper's own children may hold stdout open after it dies.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(() => reject(failure(`no answer within ${timeoutMs} ms; killed it`)));
    }, timeoutMs);
    // A helper that exits before reading stdin makes the write fail with EPIPE; its exit tells the story.
    child.stdin?.on('error', () => {});
    child.stdin?.end(serverUrl);
  });
}

function parseHelperOutput(stdout: string): Credential | undefined {
  const json: unknown = JSON.parse(stdout);
  if (typeof json !== 'object' || json === null) throw new Error('not an object');
  const { Username: username, Secret: secret } = json as { Username?: unknown; Secret?: unknown };
  if (typeof secret !== 'string' || (username !== undefined && typeof username !== 'string')) throw new Error('bad fields');
  if (secret === '') return undefined;
  if (username === '<token>') return { identityToken: secret };
  return { username: username ?? '', password: secret };
}
