// One error type for every registry failure, with a kind to branch on and a message a user can act on.

export type RegistryErrorKind =
  | 'invalid-reference'
  | 'not-found'
  | 'unauthorized'
  | 'denied'
  | 'insufficient-scope'
  | 'timeout'
  | 'unreachable'
  | 'tls'
  | 'rate-limited'
  | 'server-error'
  | 'protocol'
  | 'cancelled';

export interface RegistryErrorDetails {
  /** The registry as written in the reference (`docker.io`, `127.0.0.1:5000`). */
  registry?: string;
  repository?: string;
  /** For 'not-found': whether the tag (or digest) or the whole repository is missing. */
  missing?: 'tag' | 'repository';
  tag?: string;
  /** For a missing tag: the closest existing tags. */
  suggestions?: string[];
  status?: number;
  cause?: unknown;
}

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly registry?: string;
  readonly repository?: string;
  readonly missing?: 'tag' | 'repository';
  readonly tag?: string;
  readonly suggestions?: string[];
  readonly status?: number;

  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    details: RegistryErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.registry !== undefined) this.registry = details.registry;
    if (details.repository !== undefined) this.repository = details.repository;
    if (details.missing !== undefined) this.missing = details.missing;
    if (details.tag !== undefined) this.tag = details.tag;
    if (details.suggestions !== undefined) this.suggestions = details.suggestions;
    if (details.status !== undefined) this.status = details.status;
  }
}

export function isRegistryError(value: unknown, kind?: RegistryErrorKind): value is RegistryError {
  return value instanceof RegistryError && (kind === undefined || value.kind === kind);
}
