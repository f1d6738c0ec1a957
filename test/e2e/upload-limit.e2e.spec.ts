import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../support/app.js';

const LIMIT = 64 * 1024;

interface Answer {
  status: number;
  body: string;
  connection?: string;
  /** Whether the whole body went out before the server closed the connection. */
  sentAll: boolean;
}

/**
 * Sends `size` bytes to `path` in chunks, without `Expect: 100-continue` (Node's client never
 * sends it unless told), and resolves with the answer it read, once the request is done or cut.
 */
function sendLarge(port: number, path: string, size: number, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answer: Omit<Answer, 'sentAll'> | undefined;
    let requestDone: boolean | undefined;
    const settle = () => {
      if (answer && requestDone !== undefined) resolve({ ...answer, sentAll: requestDone });
    };
    const chunked = headers['transfer-encoding'] === 'chunked';
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/yaml', ...(chunked ? {} : { 'content-length': String(size) }), ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          answer = { status: res.statusCode ?? 0, body, connection: res.headers.connection };
          settle();
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', (err) => {
      if (!answer && requestDone === undefined && !(err as NodeJS.ErrnoException).code?.match(/EPIPE|ECONNRESET/)) reject(err);
      requestDone = false;
      settle();
    });
    // Cut by the server: Node's client reports a close, sometimes without an error.
    req.on('close', () => {
      requestDone ??= false;
      settle();
    });
    const chunk = Buffer.alloc(16 * 1024, 'a');
    let sent = 0;
    const write = () => {
      while (sent < size) {
        if (req.destroyed) return;
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          req.once('drain', write);
          return;
        }
      }
      req.end(() => {
        requestDone ??= true;
        settle();
      });
    };
    write();
  });
}

describe('a body over the limit without Expect: 100-continue', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ MAX_UPLOAD_BYTES: String(LIMIT) });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t.close();
  });

  it('gets its 413 PAYLOAD_TOO_LARGE with Connection: close (declared too large by Content-Length)', async () => {
    const res = await sendLarge(port, '/api/v1/snapshots?cluster=big', 512 * 1024);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.connection).toBe('close');
    // Within the drain bound, the server reads the rest: the client is never cut off.
    expect(res.sentAll).toBe(true);
  });

  it('gets its 413 when the body is sent in chunks without a length', async () => {
    const res = await sendLarge(port, '/api/v1/snapshots?cluster=big', 512 * 1024, { 'transfer-encoding': 'chunked' });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.connection).toBe('close');
  });

  it('gets its 413 for a body far over the limit, and the server stops reading after its bound', async () => {
    const res = await sendLarge(port, '/api/v1/snapshots?cluster=big', 256 * 1024 * 1024);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    // 256 MiB were offered; the server drains at most 1 MiB after answering, then closes.
    expect(res.sentAll).toBe(false);
  });

  it('gets its 413 on a JSON route too', async () => {
    const res = await sendLarge(port, '/api/v1/clusters', 4 * 1024 * 1024, { 'content-type': 'application/json' });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('keeps the connection open after an answer to a body that was read whole', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/clusters`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'small' }) });
    expect(res.status).toBe(201);
    expect(res.headers.get('connection')).not.toBe('close');
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });
});
