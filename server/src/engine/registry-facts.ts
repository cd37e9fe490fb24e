// What a registry said about the image references of a file, handed to the engine by whoever asked it
// (the CLI's `--registry`, later the editor). The engine never talks to a registry: the network rules
// read these facts and stay pure, so their findings are a function of the text and the facts.

export type RegistryFact =
  /** The tag exists; `digest` is what it points at now (for a multi-arch image, the index's own digest). */
  | { status: 'found'; digest: string }
  /** The tag, or the whole repository, does not exist; `suggestions` are the nearest existing tags, best first. */
  | { status: 'not-found'; missing: 'tag' | 'repository'; suggestions: string[] }
  /** The registry could not be asked (timeout, authentication, …): no finding either way. */
  | { status: 'error'; message: string };

/**
 * Keyed by PinTarget.ref from pin.ts: the reference with its tag and without digest, e.g.
 * `127.0.0.1:5000/team/app:v2.5.3`; an untagged reference is keyed with `:latest`.
 */
export type RegistryFacts = ReadonlyMap<string, RegistryFact>;
