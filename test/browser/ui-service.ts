import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort, MAIN, Processes, until, waitReady } from '../support/processes.js';
import type { Page } from '../support/browser.js';

// The built service as `npm start` runs it (dist/src/main.js serving ui/dist at `/`), on a
// throw-away database, with authentication required: the UI signs in with the admin key the first
// start writes to DATA_DIR/admin-key, as a person would.

export const UI_DIST_INDEX = join(process.cwd(), 'ui', 'dist', 'index.html');

export interface UiService {
  base: string;
  adminKey: string;
  stop(): Promise<void>;
}

export async function startUiService(env: Record<string, string> = {}): Promise<UiService> {
  for (const [file, how] of [
    [MAIN, 'npx tsc -p tsconfig.build.json'],
    [UI_DIST_INDEX, 'npm run build:ui'],
  ] as const) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`${how}\` first (npm test builds both)`);
  }
  const db: TestDatabase = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'policyscope-ui-'));
  const port = await freePort();
  const processes = new Processes();
  const child: ChildProcess = processes.start(MAIN, { DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', AUTH: 'required', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env });
  const base = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitReady(base),
      new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`the service exited (${code}) before it was ready`)))),
    ]);
    const adminKey = await until('the admin key', 10_000, async () => (existsSync(join(dataDir, 'admin-key')) ? readFileSync(join(dataDir, 'admin-key'), 'utf8').trim() : undefined));
    return {
      base,
      adminKey,
      stop: async () => {
        processes.killAll();
        await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    processes.killAll();
    await db.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core's serious and critical violations on the page as it is now. axe is evaluated through
 * the DevTools protocol, which the page's Content-Security-Policy does not govern (no inline tag).
 */
export async function seriousA11yViolations(page: Page): Promise<{ id: string; impact: string | null; help: string; targets: string[] }[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  // Runs in the page (DOM types are not in this tier's tsconfig, hence `any`).
  const { violations } = await page.evaluate(() => (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'] }) as Promise<{ violations: AxeViolation[] }>);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/** True for the URLs a page of the service may request: its own origin, and blob: URLs it made. */
export function sameOrigin(base: string): (url: string) => boolean {
  return (url) => url.startsWith(`${base}/`) || url === base || url.startsWith(`blob:${base}/`) || url.startsWith('data:');
}
