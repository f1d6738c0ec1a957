import type { Server } from 'node:http';

/**
 * Stops taking connections and waits for the requests in flight to finish (idle keep-alive
 * connections are closed as they go idle), for at most `graceMs`; then cuts what is left.
 * Resolves with the number of connections that had to be cut.
 */
export function drainHttpServer(server: Server, graceMs: number): Promise<number> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve(0);
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => {
      server.getConnections((_err, count) => {
        server.closeAllConnections();
        finish(count);
      });
    }, graceMs);
    deadline.unref();
    let done = false;
    const finish = (cut: number) => {
      if (done) return;
      done = true;
      clearInterval(idle);
      clearTimeout(deadline);
      resolve(cut);
    };
    server.close(() => finish(0));
  });
}
