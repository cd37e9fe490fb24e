// Registry access for the CLI: a digest resolver built from the command line and the user's own docker
// credentials, and the answers turned into the facts the engine's network rules read.
import { access, constants } from 'node:fs/promises';
import { isRegistryError } from '../../../client/src/registry/errors';
import type { RegistryClient } from '../../../client/src/registry/index';
import type { RegistryFact, RegistryFacts } from '../engine/registry-facts';
import type { RegistryArgs } from './args';
import { describeFsError } from './config';
import { VERSION, type CliIo } from './io';

/** What the CLI needs of a RegistryClient (tests may pass another resolver). */
export type DigestResolver = Pick<RegistryClient, 'resolveDigest' | 'close'>;

/** A CA file or other setting the registry options name that cannot be used: the command exits 2. */
export class RegistryConfigError extends Error {}

/**
 * A RegistryClient that finds credentials where docker does, credential helpers included: the CLI runs
 * for a user on their own files, so running the helpers their docker config names is theirs to allow.
 */
export async function createRegistryClient(args: RegistryArgs, env: Readonly<Record<string, string | undefined>>, version: string): Promise<DigestResolver> {
  if (args.caFile !== undefined) {
    try {
      await access(args.caFile, constants.R_OK);
    } catch (error) {
      throw new RegistryConfigError(`cannot read --ca-file ${args.caFile}: ${describeFsError(error)}`);
    }
  }
  // Loaded on first use: `lint` without --registry never pays for the HTTP stack.
  const [{ RegistryClient }, { DockerCredentials }] = await Promise.all([import('../../../client/src/registry/index'), import('../../../client/src/registry/credentials')]);
  return new RegistryClient({
    credentials: new DockerCredentials({ env: env as NodeJS.ProcessEnv, allowHelpers: true }),
    timeoutMs: args.timeoutMs,
    ...(args.caFile !== undefined && { caFile: args.caFile }),
    insecureRegistries: args.insecureRegistries,
    skipTlsVerify: args.skipTlsVerify,
    userAgent: `shipshape-cli/${version}`,
  });
}

/** What a registry said about one reference. Messages are the client's, which never hold credentials. */
export type Resolution =
  | { status: 'found'; digest: string }
  | { status: 'not-found'; missing: 'tag' | 'repository'; suggestions: string[]; message: string }
  | { status: 'error'; message: string };

/** Resolves each distinct reference once, all at once: the client bounds how many requests are in flight. */
export async function resolveAll(resolver: DigestResolver, refs: Iterable<string>): Promise<Map<string, Resolution>> {
  const distinct = [...new Set(refs)];
  const resolutions = await Promise.all(distinct.map((ref) => resolveOne(resolver, ref)));
  return new Map(distinct.map((ref, i) => [ref, resolutions[i]!]));
}

/** One lookup; `signal` aborts it (the answer is then an error resolution). */
export async function resolveOne(resolver: DigestResolver, ref: string, signal?: AbortSignal): Promise<Resolution> {
  try {
    return { status: 'found', digest: (await resolver.resolveDigest(ref, signal ? { signal } : {})).digest };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isRegistryError(error) && error.kind === 'not-found') {
      return { status: 'not-found', missing: error.missing ?? 'tag', suggestions: error.suggestions ?? [], message };
    }
    return { status: 'error', message };
  }
}

/**
 * The facts the network rules read, one lookup per distinct reference. A reference the registry could
 * not be asked about is a fact too (the rules stay silent on it) and is passed to `onError`.
 */
export function collectFacts(resolver: DigestResolver, refs: Iterable<string>, onError?: (ref: string, message: string) => void): Promise<RegistryFacts> {
  return factCollector(resolver, onError)(refs);
}

/**
 * collectFacts for many files: a reference is looked up once for all of them, even while another file's
 * lookup of it is still in flight, and its error is reported once.
 */
export function factCollector(resolver: DigestResolver, onError?: (ref: string, message: string) => void): (refs: Iterable<string>) => Promise<RegistryFacts> {
  const pending = new Map<string, Promise<RegistryFact>>();
  const factFor = (ref: string): Promise<RegistryFact> => {
    let fact = pending.get(ref);
    if (!fact) {
      fact = resolveOne(resolver, ref).then((resolution) => {
        if (resolution.status === 'error') onError?.(ref, resolution.message);
        return toFact(resolution);
      });
      pending.set(ref, fact);
    }
    return fact;
  };
  return async (refs) => {
    const distinct = [...new Set(refs)];
    const facts = await Promise.all(distinct.map(factFor));
    return new Map(distinct.map((ref, i) => [ref, facts[i]!]));
  };
}

export function toFact(resolution: Resolution): RegistryFact {
  switch (resolution.status) {
    case 'found':
      return { status: 'found', digest: resolution.digest };
    case 'not-found':
      return { status: 'not-found', missing: resolution.missing, suggestions: resolution.suggestions };
    case 'error':
      return { status: 'error', message: resolution.message };
  }
}

/** createRegistryClient for `lint` and `pin`: a setting that cannot be used is written to stderr, and the answer is undefined (the command exits 2). */
export async function openRegistryClient(args: RegistryArgs, io: CliIo): Promise<DigestResolver | undefined> {
  try {
    return await createRegistryClient(args, io.env, VERSION);
  } catch (error) {
    if (!(error instanceof RegistryConfigError)) throw error;
    io.stderr.write(`shipshape: ${error.message}\n`);
    return undefined;
  }
}
