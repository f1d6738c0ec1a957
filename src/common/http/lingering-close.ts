import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface LingerLimits {
  /** Bytes of an unread body read and thrown away after the answer, at most. */
  maxBytes: number;
  /** How long the connection stays open for them, at most. */
  maxMs: number;
}

/**
 * An answer given before the request body was read (413 over the limit, 401 without a key) must
 * reach every client, not only those that send `Expect: 100-continue`. Closing the socket while
 * the client still sends makes the kernel answer with a reset, and a client that had not read the
 * answer yet loses it. So such an answer says `Connection: close`, then the connection lingers:
 * our side is shut for writing (the client sees the answer and its end) and the rest of the body is
 * read and dropped, up to a bound in bytes and time (checked every 50 ms, so a fast client may get a
 * few MB past it), before the socket is closed. Without the bound a client could keep us reading
 * forever.
 */
export function lingeringClose(limits: LingerLimits) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody) return next();
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
      const socket = this.socket ?? req.socket;
      if (!req.complete && socket && !this.headersSent) {
        this.setHeader('Connection', 'close');
        lingerOnClose(socket, req, limits);
      }
      return writeHead.apply(this, args);
    } as ServerResponse['writeHead'];
    next();
  };
}

function lingerOnClose(socket: Socket, req: IncomingMessage, limits: LingerLimits): void {
  const socketWithSoon = socket as Socket & { destroySoon?: () => void };
  // Node calls destroySoon() once a `Connection: close` answer is written: end our side instead,
  // and read the rest of the body until the client is done or a bound is reached.
  socketWithSoon.destroySoon = () => {
    if (socket.destroyed) return;
    socket.end();
    if (req.complete) return;
    // The HTTP parser reads the socket natively (no 'data' events): watch the byte count instead.
    const readBefore = socket.bytesRead;
    const started = Date.now();
    const watch = setInterval(() => {
      if (socket.bytesRead - readBefore > limits.maxBytes || Date.now() - started > limits.maxMs) socket.destroy();
    }, 50);
    watch.unref();
    socket.once('end', () => socket.destroy());
    socket.once('close', () => clearInterval(watch));
    req.resume();
    socket.resume();
  };
}
