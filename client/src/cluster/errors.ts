// One error type for every cluster failure, with a kind to branch on and a message a user can act on.
// Messages never hold credentials (tokens, passwords, client keys, exec plugin output).

export type ClusterErrorKind =
  /** No kubeconfig file where we looked (the message says where). */
  | 'no-kubeconfig'
  /** A kubeconfig that cannot be read or parsed, or whose context names a missing cluster or user. */
  | 'bad-kubeconfig'
  /** The context asked for is not in the kubeconfig, or there is no current context. */
  | 'unknown-context'
  /** The user's credentials come from a command, and the caller did not allow running it. */
  | 'exec-not-allowed'
  /** Getting credentials failed: an exec plugin or auth provider failed, a certificate or token file is missing. */
  | 'credentials'
  /** No connection, or no answer within the timeout. */
  | 'unreachable'
  /** The server's certificate was not accepted. */
  | 'tls'
  /** HTTP 401: the credentials were rejected. */
  | 'unauthorized'
  /** HTTP 403: the user may not do this (the message names the verb, resource and namespace). */
  | 'forbidden'
  /** HTTP 404: the object (or its resource type) does not exist. */
  | 'not-found'
  | 'server-error'
  /** An answer we cannot use. */
  | 'protocol'
  | 'cancelled';

export interface ClusterErrorDetails {
  context?: string;
  namespace?: string;
  /** For 403 and 404: what was asked, kubectl-style (`get`, `list`; `deployments.apps`, `pods`). */
  verb?: string;
  resource?: string;
  name?: string;
  status?: number;
  cause?: unknown;
}

export class ClusterError extends Error {
  override readonly name = 'ClusterError';
  readonly context?: string;
  readonly namespace?: string;
  readonly verb?: string;
  readonly resource?: string;
  readonly objectName?: string;
  readonly status?: number;

  constructor(
    readonly kind: ClusterErrorKind,
    message: string,
    details: ClusterErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.context !== undefined) this.context = details.context;
    if (details.namespace !== undefined) this.namespace = details.namespace;
    if (details.verb !== undefined) this.verb = details.verb;
    if (details.resource !== undefined) this.resource = details.resource;
    if (details.name !== undefined) this.objectName = details.name;
    if (details.status !== undefined) this.status = details.status;
  }

  /** Plain data for JSON output and for crossing a process boundary (the language server → the client). */
  toJSON(): { kind: ClusterErrorKind; message: string } {
    return { kind: this.kind, message: this.message };
  }
}

/** By shape as well as by class: the CLI and the server load this module from its own bundle (dist/cluster.js). */
export function isClusterError(value: unknown, kind?: ClusterErrorKind): value is ClusterError {
  const shaped = value instanceof ClusterError || (value instanceof Error && value.name === 'ClusterError' && typeof (value as { kind?: unknown }).kind === 'string');
  return shaped && (kind === undefined || (value as ClusterError).kind === kind);
}
