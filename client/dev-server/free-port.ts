import { createServer } from 'node:net';

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** What a TCP connection attempt to host:port found: a listener, a refusal (nothing listens), or no answer in time. */
export type TcpProbe = 'accepts' | 'refused' | 'silent';

/** Tries one TCP connection to host:port and closes it. */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<TcpProbe> {
  return import('node:net').then(
    ({ connect }) =>
      new Promise((resolve) => {
        const socket = connect({ host, port });
        const done = (found: TcpProbe) => {
          socket.destroy();
          resolve(found);
        };
        socket.setTimeout(timeoutMs, () => done('silent'));
        socket.once('connect', () => done('accepts'));
        socket.once('error', (error: NodeJS.ErrnoException) =>
          done(error.code === 'ECONNREFUSED' ? 'refused' : 'silent'),
        );
      }),
  );
}

/** Whether something accepts TCP connections on host:port. */
export async function isListening(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return (await probeTcp(host, port, timeoutMs)) === 'accepts';
}

/** HTTP/2's client preface and an empty SETTINGS frame, which a gRPC server answers with its own SETTINGS frame. */
const HTTP2_PREFACE = Buffer.concat([
  Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'),
  Buffer.from([0, 0, 0, 0x04, 0, 0, 0, 0, 0]),
]);

/**
 * Whether host:port answers as a gRPC server does: a SETTINGS frame in reply to HTTP/2's preface. A port held by
 * another program then reads as taken, not as a Temporal server that never answers.
 */
export function answersHttp2(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return import('node:net').then(
    ({ connect }) =>
      new Promise((resolve) => {
        const socket = connect({ host, port });
        let received = Buffer.alloc(0);
        const done = (ok: boolean) => {
          socket.destroy();
          resolve(ok);
        };
        socket.setTimeout(timeoutMs, () => done(false));
        socket.once('connect', () => socket.write(HTTP2_PREFACE));
        socket.on('data', (chunk: Buffer) => {
          received = Buffer.concat([received, chunk]);
          // A frame header is 9 bytes; its fourth is the frame type, 0x04 for SETTINGS.
          if (received.length >= 9) done(received[3] === 0x04);
        });
        socket.once('error', () => done(false));
        socket.once('end', () => done(false));
      }),
  );
}
