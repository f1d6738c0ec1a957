import { Logger } from '@nestjs/common';
import pg from 'pg';

/**
 * Every PostgreSQL connection the process opens comes from here, so that losing one (a server
 * restart, a failover, `pg_terminate_backend`, an idle-connection reaper) is an error on the work
 * that used it, never an unhandled `error` event that ends the process.
 *
 * node-postgres emits `error` on a Client whose socket dies, whether or not a query is running, and
 * pg.Pool only listens while a client sits idle in the pool: a client checked out for a
 * transaction has no listener of its own. So every client gets one for its whole life, the pool
 * gets one for its own `error`, and the work in flight fails with the connection error, which the
 * edge maps to 503 (see common/errors/database-unavailable.ts). The pool then opens fresh
 * connections on the next request: reconnecting needs nothing more.
 */

/** A connection that cannot be made within this time is reported as unavailable instead of hanging the request. */
export const CONNECT_TIMEOUT_MS = 5000;

export interface PoolOptions {
  max: number;
  /** Shown in pg_stat_activity.application_name. */
  applicationName: string;
  /** Logger context; one warning per lost connection. */
  context: string;
}

/** Listens for a client's `error` for its whole life (the pool's listener covers idle clients only). */
export function guardClient(client: pg.Client | pg.PoolClient, onLost: (err: Error) => void): void {
  let reported = false;
  client.on('error', (err: Error) => {
    // A dying socket can emit twice (the server's notice, then the closed socket): one line is enough.
    if (!reported) onLost(err);
    reported = true;
  });
}

/**
 * Connecting gives up after CONNECT_TIMEOUT_MS; waiting for a free pooled connection does not (a
 * burst of uploads queues rather than failing), hence the timeout on the client, not the pool.
 */
class TimedClient extends pg.Client {
  constructor(config: pg.ClientConfig) {
    super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }
}

export function createPool(connectionString: string, opts: PoolOptions): pg.Pool {
  const logger = new Logger(opts.context);
  const pool = new pg.Pool({
    connectionString,
    max: opts.max,
    application_name: opts.applicationName,
    keepAlive: true,
    Client: TimedClient as unknown as new () => pg.ClientBase, // @types/pg types it without the config pg-pool passes
  });
  pool.on('connect', (client) => guardClient(client, (err) => logger.warn(`database connection lost: ${err.message}`)));
  // Idle clients: already reported by guardClient; the pool drops the client and opens a new one when needed.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * A single connection (migrations, start-up checks, admin work). Its loss fails the query in flight,
 * which its caller reports; `onLost` hears of it too.
 */
export function createClient(connectionString: string, onLost: (err: Error) => void = () => undefined): pg.Client {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  guardClient(client, onLost);
  return client;
}
