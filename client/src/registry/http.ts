// One HTTP exchange over node:http/node:https: a deadline for the whole exchange, cancellation, a body
// size cap, and transport failures turned into RegistryErrors. No redirects, no retries, no logging.
import * as http from 'node:http';
import * as https from 'node:https';
import { RegistryError } from './errors';
import { cancelledError } from './limiter';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  url: URL;
}

export interface ExchangeOptions {
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal | undefined;
  timeoutMs: number;
  maxBodyBytes: number;
  agent: http.Agent;
  /** https only. */
  rejectUnauthorized?: boolean;
}

/** Thrown when an https request reached a server that answered in plain HTTP. */
export class PlainHttpServerError extends Error {
  constructor(readonly url: URL) {
    super(`${url.host} does not speak TLS`);
  }
}

const NOT_TLS_MESSAGE = /wrong version number|packet length too long|http request|unknown protocol/i;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

export function exchange(url: URL, options: ExchangeOptions): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(cancelled(url));
      return;
    }
    let settled = false;
    let failure: Error | undefined;
    const finish = (error: Error | undefined, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(response!);
    };
    const fail = (error: Error): void => {
      failure ??= error;
      request.destroy(failure);
      finish(failure);
    };
    const onAbort = (): void => fail(cancelled(url));

    const secure = url.protocol === 'https:';
    const requestOptions: https.RequestOptions = {
      method: options.method,
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: options.body === undefined ? options.headers : { ...options.headers, 'Content-Length': String(Buffer.byteLength(options.body)) },
      agent: options.agent,
    };
    if (secure) requestOptions.rejectUnauthorized = options.rejectUnauthorized ?? true;
    const request = (secure ? https : http).request(requestOptions, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBodyBytes) {
          fail(new RegistryError('protocol', `${url.host} sent a response larger than ${options.maxBodyBytes} bytes for ${url.pathname}`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => finish(undefined, { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), url }));
      response.on('error', (error) => finish(failure ?? transportError(url, error)));
      response.on('aborted', () => finish(failure ?? transportError(url, Object.assign(new Error('connection closed mid-response'), { code: 'ECONNRESET' }))));
    });
    request.on('error', (error) => finish(failure ?? transportError(url, error)));
    const timer = setTimeout(
      () => fail(new RegistryError('timeout', `${url.host} did not answer within ${formatMs(options.timeoutMs)}`, { registry: url.host })),
      options.timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    request.end(options.body);
  });
}

function cancelled(url: URL): RegistryError {
  return cancelledError(url.host);
}

function transportError(url: URL, error: Error & { code?: string }): Error {
  const code = error.code ?? '';
  const host = url.host;
  if (url.protocol === 'https:' && NOT_TLS_MESSAGE.test(error.message)) return new PlainHttpServerError(url);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new RegistryError('unreachable', `cannot resolve the registry host ${url.hostname} (DNS lookup failed)`, { registry: host, cause: error });
  }
  if (code === 'ECONNREFUSED') return new RegistryError('unreachable', `${host} refused the connection; is the registry running there?`, { registry: host, cause: error });
  if (UNREACHABLE_CODES.has(code)) return new RegistryError('unreachable', `cannot reach ${host} (${code})`, { registry: host, cause: error });
  if (/CERT|ERR_TLS_|ERR_SSL_|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code) || code === 'EPROTO') {
    return new RegistryError(
      'tls',
      `the TLS certificate of ${host} is not trusted (${code || error.message}): point the caFile option at the CA that signed it, ` +
        `or list ${host} in skipTlsVerify if you accept an unverified connection`,
      { registry: host, cause: error },
    );
  }
  return new RegistryError('unreachable', `cannot reach ${host}: ${error.message}`, { registry: host, cause: error });
}

export function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
