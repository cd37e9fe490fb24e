// WWW-Authenticate (RFC 7235 §4.1): one or more challenges, each a scheme with a token68 or a list of
// parameters whose values may be quoted strings holding commas. Pure.

export interface Challenge {
  /** Lowercased: 'bearer', 'basic', … */
  scheme: string;
  /** Parameter names lowercased; values unquoted. */
  params: Record<string, string>;
  token68?: string;
}

const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
const TOKEN68 = /[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(?:,|$))/y;
const WHITESPACE = /[ \t]*/y;

export function parseWwwAuthenticate(header: string | readonly string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const text = typeof header === 'string' ? header : header.join(', ');
  const challenges: Challenge[] = [];
  let i = 0;

  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = i;
    const m = pattern.exec(text);
    if (!m || m[0].length === 0) return undefined;
    i = pattern.lastIndex;
    return m[0];
  };
  const skipSpace = (): void => {
    WHITESPACE.lastIndex = i;
    WHITESPACE.exec(text);
    i = WHITESPACE.lastIndex;
  };
  const skipSeparators = (): void => {
    while (i < text.length && (text[i] === ',' || text[i] === ' ' || text[i] === '\t')) i++;
  };
  /** Whether a `name =` parameter starts at i (as opposed to the next challenge's scheme). */
  const paramAhead = (): boolean => {
    const start = i;
    const name = match(TOKEN);
    skipSpace();
    // `abc==` is a token68, not a parameter.
    const isParam = name !== undefined && text[i] === '=' && text[i + 1] !== '=';
    i = start;
    return isParam;
  };
  const readQuoted = (): string => {
    let value = '';
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < text.length) i++;
      value += text[i];
      i++;
    }
    i++; // closing quote (or past the end)
    return value;
  };

  while (i < text.length) {
    skipSeparators();
    const scheme = match(TOKEN);
    if (scheme === undefined) {
      if (i < text.length) i++; // not a token: skip the stray character
      continue;
    }
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    skipSpace();
    if (!paramAhead()) {
      const token68 = match(TOKEN68);
      if (token68 !== undefined) challenge.token68 = token68;
      continue;
    }
    while (paramAhead()) {
      const name = match(TOKEN)!.toLowerCase();
      skipSpace();
      i++; // '='
      skipSpace();
      const value = text[i] === '"' ? readQuoted() : (match(TOKEN) ?? '');
      challenge.params[name] = value;
      skipSpace();
      if (text[i] !== ',') break;
      // After a comma comes either another parameter or the next challenge.
      skipSeparators();
    }
  }
  return challenges;
}
