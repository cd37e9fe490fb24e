// A minimal registry token service (the Docker token auth spec): GET with optional Basic credentials,
// POST with an OAuth2 refresh token; answers ES256 JWTs the registry verifies against our certificate.
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeSigningKey } from './tls';

export interface Access {
  type: string;
  name: string;
  actions: string[];
}

export interface TokenRequest {
  method: string;
  authorization: string | undefined;
  params: URLSearchParams;
}

export interface TokenServerOptions {
  /** user name → password, for Basic credentials on GET. */
  users?: Record<string, string>;
  /** refresh (identity) token → user name, for the POST grant. */
  refreshTokens?: Record<string, string>;
  /** Which of the requested actions the account (undefined: anonymous) gets on a repository. */
  grant: (account: string | undefined, repository: string, requested: string[]) => string[];
  expiresIn?: number;
}

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  certificatePem: string;
  requests: TokenRequest[];
  /** A token for the harness itself (e.g. to push). */
  mint(access: Access[]): string;
  stop(): Promise<void>;
}

const SERVICE = 'shipshape-test-registry';
const ISSUER = 'shipshape-test-issuer';

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const { keyPem, certificatePem } = makeSigningKey();
  const key = createPrivateKey(keyPem);
  const kid = libtrustKeyId(createPublicKey(key).export({ type: 'spki', format: 'der' }));
  const requests: TokenRequest[] = [];

  const mint = (access: Access[], account?: string): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', kid };
    const claims = { iss: ISSUER, sub: account ?? '', aud: SERVICE, exp: now + 600, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
    return `${signingInput}.${base64url(signature)}`;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://token');
      const params = req.method === 'POST' ? new URLSearchParams(Buffer.concat(chunks).toString('utf8')) : url.searchParams;
      requests.push({ method: req.method ?? '', authorization: req.headers.authorization, params });
      const reply = (status: number, body: object): void => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      let account: string | undefined;
      if (req.method === 'POST') {
        account = params.get('grant_type') === 'refresh_token' ? options.refreshTokens?.[params.get('refresh_token') ?? ''] : undefined;
        if (account === undefined) return reply(401, { error: 'invalid_grant' });
      } else if (req.headers.authorization?.startsWith('Basic ')) {
        const decoded = Buffer.from(req.headers.authorization.slice(6), 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
        if (options.users?.[user] === undefined || options.users[user] !== password) return reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] });
        account = user;
      }
      if (params.get('service') !== SERVICE) return reply(400, { error: 'wrong service' });
      const access: Access[] = [];
      for (const scope of params.getAll('scope')) {
        const first = scope.indexOf(':');
        const last = scope.lastIndexOf(':');
        const type = scope.slice(0, first);
        const name = scope.slice(first + 1, last);
        const actions = options.grant(account, name, scope.slice(last + 1).split(','));
        access.push({ type, name, actions });
      }
      const token = mint(access, account);
      const body: Record<string, unknown> = { token, access_token: token, issued_at: new Date().toISOString() };
      if (options.expiresIn !== undefined) body.expires_in = options.expiresIn;
      reply(200, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service: SERVICE,
    issuer: ISSUER,
    certificatePem,
    requests,
    mint: (access) => mint(access, 'harness'),
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** libtrust's key id: base32 of the first 240 bits of sha256(SPKI DER), in 12 groups of 4 joined by ':'. */
function libtrustKeyId(spkiDer: Buffer): string {
  const bytes = createHash('sha256').update(spkiDer).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const byte of bytes) bits += byte.toString(2).padStart(8, '0');
  let encoded = '';
  for (let i = 0; i < bits.length; i += 5) encoded += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return encoded.match(/.{4}/g)!.join(':');
}
