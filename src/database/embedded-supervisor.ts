import type { Logger } from 'pino';
import type { EmbeddedDatabase } from './embedded-postgres.js';

export interface SupervisorPolicy {
  /** Restarts allowed within `windowMs`; one more exit in that window and we give up. */
  maxRestarts: number;
  windowMs: number;
  /** Wait before each start attempt (doubles per failed attempt): a killed server's backends need a moment to go. */
  firstDelayMs: number;
  /** Start attempts per exit before giving up. */
  attemptsPerExit: number;
}

export const DEFAULT_SUPERVISOR_POLICY: SupervisorPolicy = { maxRestarts: 3, windowMs: 10 * 60_000, firstDelayMs: 1000, attemptsPerExit: 4 };

/**
 * Keeps the embedded PostgreSQL running: when its server exits without being asked to (killed, out of
 * memory, crashed), the process says so and starts it again on the same data (PostgreSQL's crash
 * recovery replays its log); meanwhile requests get 503 and /health/ready reports the database down,
 * and the connection pools reconnect by themselves once it is back. A server that keeps dying (more
 * than `maxRestarts` times in `windowMs`) or cannot be started again is not restarted forever:
 * `giveUp` is called with a message for the operator, and the caller stops the process (exit 1), so
 * the reason is the last line of the log rather than a loop of restarts.
 */
export function superviseEmbedded(db: EmbeddedDatabase, logger: Logger, giveUp: (message: string) => void, policy: SupervisorPolicy = DEFAULT_SUPERVISOR_POLICY): void {
  const exits: number[] = [];
  const where = `data ${db.dataDir}, port ${db.port}`;
  db.onUnexpectedExit(({ code, signal }) => {
    const now = Date.now();
    exits.push(now);
    while (exits.length && now - exits[0]! > policy.windowMs) exits.shift();
    const how = signal ? `killed by ${signal}` : `exit code ${code}`;
    if (exits.length > policy.maxRestarts) {
      giveUp(`embedded PostgreSQL (${where}) stopped ${exits.length} times in ${Math.round(policy.windowMs / 60_000)} min (last: ${how}); not restarting it again. Check its log and the disk under DATA_DIR, then start PolicyScope again`);
      return;
    }
    logger.error({ component: 'postgres', code, signal }, `embedded PostgreSQL (${where}) stopped unexpectedly (${how}): restarting it; requests get 503 until it is back`);
    void restart(how);
  });

  async function restart(how: string): Promise<void> {
    let lastError = '';
    for (let attempt = 1; attempt <= policy.attemptsPerExit; attempt++) {
      await new Promise((r) => setTimeout(r, policy.firstDelayMs * 2 ** (attempt - 1)));
      try {
        await db.restart();
        logger.warn({ component: 'postgres', attempt }, `embedded PostgreSQL (${where}) is running again; connections recover by themselves`);
        return;
      } catch (err) {
        lastError = (err as Error | undefined)?.message || 'the server exited while starting';
        logger.error({ component: 'postgres', attempt }, `embedded PostgreSQL did not start again (attempt ${attempt} of ${policy.attemptsPerExit}): ${lastError}`);
      }
    }
    giveUp(`embedded PostgreSQL (${where}) stopped (${how}) and could not be started again (${lastError}); check its log and the disk under DATA_DIR, then start PolicyScope again`);
  }
}
