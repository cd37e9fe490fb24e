// A bare HTTP(S) request for the test harness (pushing images, talking to the registry directly).
import * as http from 'node:http';
import * as https from 'node:https';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function request(
  url: string | URL,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; ca?: string } = {},
): Promise<Reply> {
  const target = new URL(url);
  const module = target.protocol === 'https:' ? https : http;
  return new Promise<Reply>((resolve, reject) => {
    const req = module.request(
      target,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, ...(options.ca ? { ca: options.ca } : {}), agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
