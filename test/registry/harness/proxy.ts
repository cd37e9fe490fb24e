// Loopback HTTP servers for the failure modes a real registry does not produce on demand: a proxy in
// front of the registry whose handler may answer itself or rewrite the upstream's answer, and a server
// that accepts connections and never answers.
import { EventEmitter, once } from 'node:events';
import * as http from 'node:http';
import * as net from 'node:net';
import { request, type Reply } from './http';

export interface ProxyRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface ProxyReply {
  status: number;
  headers?: Record<string, string | string[] | undefined>;
  body?: Buffer | string;
}

export type ProxyHandler = (req: ProxyRequest, forward: (req: ProxyRequest) => Promise<ProxyReply>) => Promise<ProxyReply> | ProxyReply;

export interface Proxy {
  /** host:port as clients address it. */
  host: string;
  port: number;
  requests: ProxyRequest[];
  inFlight: number;
  maxInFlight: number;
  /** Emits 'request' (ProxyRequest) as each request arrives. */
  events: EventEmitter;
  stop(): Promise<void>;
}

const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'proxy-connection']);

export async function startProxy(
  upstreamOrigin: string | undefined,
  handler: ProxyHandler = (req, forward) => forward(req),
  options: { listenHost?: string; ca?: string } = {},
): Promise<Proxy> {
  const events = new EventEmitter();
  const forward = async (req: ProxyRequest): Promise<ProxyReply> => {
    if (!upstreamOrigin) throw new Error('this server has no upstream');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_HEADERS.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const reply: Reply = await request(`${upstreamOrigin}${req.url}`, {
      method: req.method,
      headers,
      ...(req.body.length > 0 ? { body: req.body } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
    });
    return { status: reply.status, headers: { ...reply.headers }, body: reply.body };
  };
  const state = { inFlight: 0, maxInFlight: 0 };
  const requests: ProxyRequest[] = [];
  const server = http.createServer((req, res) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    res.on('close', () => state.inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const incoming: ProxyRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(incoming);
      events.emit('request', incoming);
      Promise.resolve(handler(incoming, forward)).then(
        (reply) => {
          const headers: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(reply.headers ?? {})) {
            if (value === undefined || HOP_HEADERS.has(name)) continue;
            if (name === 'content-length' && req.method !== 'HEAD') continue;
            headers[name] = value;
          }
          res.writeHead(reply.status, headers);
          res.end(req.method === 'HEAD' ? undefined : reply.body);
        },
        (error: Error) => {
          res.writeHead(599, { 'Content-Type': 'text/plain' });
          res.end(`proxy handler failed: ${error.message}`);
        },
      );
    });
  });
  server.listen(0, options.listenHost ?? '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: `${options.listenHost ?? '127.0.0.1'}:${port}`,
    port,
    requests,
    get inFlight() {
      return state.inFlight;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    events,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Accepts TCP connections and never sends a byte. */
export async function startSilentServer(): Promise<{ host: string; accepted: () => number; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    host: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    accepted: () => accepted,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Resolves when `predicate` holds, checking on each event of `emitter` and failing after `deadlineMs`. */
export async function waitFor(emitter: EventEmitter, event: string, predicate: () => boolean, deadlineMs = 5000): Promise<void> {
  if (predicate()) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.removeListener(event, check);
      reject(new Error(`condition not met within ${deadlineMs} ms`));
    }, deadlineMs);
    const check = (): void => {
      if (!predicate()) return;
      clearTimeout(timer);
      emitter.removeListener(event, check);
      resolve();
    };
    emitter.on(event, check);
  });
}
