import { createServer, type Server, type Socket } from 'node:net';
import { GdbSession } from './session.ts';
import type { DebugTarget } from './target.ts';

/**
 * Serves the GDB remote protocol for `target` on 127.0.0.1:`port` (0 picks a free port), one
 * client at a time. Resolves once listening; `done` settles when the client detaches or kills.
 * A client that disconnects mid-packet just ends its session; the target is left as it was.
 */
export async function startGdbServer(
  target: DebugTarget, port: number,
): Promise<{ server: Server; port: number; done: Promise<'detach' | 'disconnect'> }> {
  let finish: (how: 'detach' | 'disconnect') => void = () => {};
  const done = new Promise<'detach' | 'disconnect'>((res) => (finish = res));
  let busy = false;
  const server = createServer((sock: Socket) => {
    if (busy) {
      sock.destroy();
      return;
    }
    busy = true;
    sock.setNoDelay(true);
    let ended = false;
    const session = new GdbSession(
      target,
      (bytes) => {
        if (!sock.destroyed) sock.write(bytes);
      },
      () => {
        ended = true;
        sock.end();
        finish('detach');
      },
    );
    sock.on('data', (d: Buffer) => session.feed(new Uint8Array(d.buffer, d.byteOffset, d.length)));
    sock.on('error', () => {});
    sock.on('close', () => {
      busy = false;
      if (!ended) finish('disconnect');
    });
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => res());
  });
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr !== null ? addr.port : port, done };
}
