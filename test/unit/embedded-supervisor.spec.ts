import { pino } from 'pino';
import type { EmbeddedDatabase } from '../../src/database/embedded-postgres.js';
import { superviseEmbedded, type SupervisorPolicy } from '../../src/database/embedded-supervisor.js';

// The restart policy of the embedded PostgreSQL (the restart itself runs against a real server in
// test/e2e/embedded-database-restart.e2e.spec.ts): restart after an unexpected exit, but never loop.

const policy: SupervisorPolicy = { maxRestarts: 2, windowMs: 60_000, firstDelayMs: 1, attemptsPerExit: 3 };
const silent = pino({ level: 'silent' });

function fakeServer(restart: () => Promise<void>) {
  const listeners: ((exit: { code: number | null; signal: string | null }) => void)[] = [];
  const calls = { restarts: 0 };
  const db: EmbeddedDatabase = {
    url: 'postgresql://x',
    adminUrl: 'postgresql://x',
    dataDir: '/data/pg',
    port: 5999,
    stop: async () => undefined,
    restart: () => {
      calls.restarts++;
      return restart();
    },
    onUnexpectedExit: (l) => listeners.push(l),
  };
  return { db, calls, die: (signal = 'SIGKILL') => listeners.forEach((l) => l({ code: null, signal })) };
}

function recorder() {
  const messages: string[] = [];
  return { messages, giveUp: (m: string) => void messages.push(m) };
}

const settle = () => new Promise((r) => setTimeout(r, 50));
/** Waits (2 s at most) for the supervisor's timers to have done something. */
async function eventually(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('embedded PostgreSQL supervisor', () => {
  it('starts the server again after an unexpected exit', async () => {
    const { db, calls, die } = fakeServer(async () => undefined);
    const { messages, giveUp } = recorder();
    superviseEmbedded(db, silent, giveUp, policy);
    die();
    await eventually(() => calls.restarts > 0);
    await settle();
    expect(calls.restarts).toBe(1);
    expect(messages).toEqual([]);
  });

  it('gives up with a message naming the data directory when the server cannot be started again', async () => {
    const { db, calls, die } = fakeServer(async () => Promise.reject(new Error('pre-existing shared memory block is still in use')));
    const { messages, giveUp } = recorder();
    superviseEmbedded(db, silent, giveUp, policy);
    die();
    await eventually(() => messages.length > 0);
    expect(calls.restarts).toBe(3);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/\/data\/pg.*could not be started again \(pre-existing shared memory block/);
  });

  it('does not restart a server that keeps dying: gives up on the exit past the limit', async () => {
    const { db, calls, die } = fakeServer(async () => undefined);
    const { messages, giveUp } = recorder();
    superviseEmbedded(db, silent, giveUp, policy);
    die();
    await eventually(() => calls.restarts === 1);
    die();
    await eventually(() => calls.restarts === 2);
    expect(messages).toEqual([]);
    die();
    await eventually(() => messages.length > 0);
    expect(calls.restarts).toBe(2);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/stopped 3 times/);
  });
});
