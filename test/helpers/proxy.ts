// A small HTTP CONNECT proxy for the e2e tests. It only ever opens tunnels to this machine
// (127.0.0.1 or localhost) and answers 403 to any other target, so a test can never make it
// reach the network. It records what it was asked for.
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

const ALLOWED_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost']);

export interface ConnectProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  /** host:port of every tunnel opened, in order. */
  tunnels: string[];
  /** host:port of every CONNECT answered with 403. */
  refused: string[];
  /** "METHOD url" of every request that was not a CONNECT (answered 501). */
  forwarded: string[];
  /** Forgets what was recorded so far. */
  reset(): void;
  /** Destroys every socket, client and upstream, and stops listening. */
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** Answer every CONNECT with 403, whatever the target. */
  refuseAll?: boolean;
}

function targetOf(request: IncomingMessage): { hostname: string; port: number } | undefined {
  try {
    const url = new URL(`http://${request.url ?? ''}`);
    const port = Number(url.port);
    return url.hostname && Number.isInteger(port) && port > 0
      ? { hostname: url.hostname, port }
      : undefined;
  } catch {
    return undefined;
  }
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const refused: string[] = [];
  const forwarded: string[] = [];
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const server = createServer((request, response) => {
    forwarded.push(`${request.method} ${request.url}`);
    response.writeHead(501, { 'content-type': 'text/plain', connection: 'close' });
    response.end('this proxy only tunnels with CONNECT\n');
  });
  server.on('connection', track);

  server.on('connect', (request: IncomingMessage, client: Duplex, head: Buffer) => {
    const target = targetOf(request);
    client.on('error', () => client.destroy());
    if (options.refuseAll || !target || !ALLOWED_HOSTS.has(target.hostname)) {
      refused.push(request.url ?? '');
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = connect(target.port, target.hostname);
    track(upstream);
    upstream.once('connect', () => {
      tunnels.push(`${target.hostname}:${target.port}`);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (client.writable) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      client.destroy();
    });
    client.once('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    refused,
    forwarded,
    reset() {
      tunnels.length = 0;
      refused.length = 0;
      forwarded.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
