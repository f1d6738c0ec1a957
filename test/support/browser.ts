// The browser test tier: Debian's Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH) driven by
// playwright-core. Installed by scripts/ensure-chromium.sh (CI runs it). Without it the tier's
// suites say so loudly (stderr) and their tests do not run; `npm test` prints the same warning.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumAvailable = existsSync(CHROMIUM_PATH);

/** Where browser tests write screenshots and other artifacts (kept after the run; ignored by git). */
export const BROWSER_ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');

/** `describe` when Chromium is present; otherwise one loud warning and a describe whose tests are not defined. */
export function describeBrowser(name: string, body: () => void): void {
  if (chromiumAvailable) {
    describe(name, body);
    return;
  }
  process.stderr.write(`\n*** BROWSER TIER DID NOT RUN: no Chromium at ${CHROMIUM_PATH} (run scripts/ensure-chromium.sh as root): "${name}" ***\n\n`);
  describe(name, () => {
    it('cannot run without Chromium (see the warning above)', () => {
      expect(chromiumAvailable).toBe(false);
    });
  });
}

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Headless Chromium with the flags this closed network needs (no background connections); playwright gives it a fresh profile. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
    },
  };
}

/** Records every request a page makes and every console error it logs, for "no request leaves the origin" and "no console errors". */
export function watchPage(page: Page): { requests: string[]; consoleErrors: string[]; pageErrors: string[] } {
  const watched = { requests: [] as string[], consoleErrors: [] as string[], pageErrors: [] as string[] };
  page.on('request', (r: Request) => watched.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') watched.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => watched.pageErrors.push(String(e)));
  return watched;
}

export function artifactPath(name: string): string {
  mkdirSync(BROWSER_ARTIFACTS, { recursive: true });
  return join(BROWSER_ARTIFACTS, name);
}

export type { Browser, BrowserContext, Page };
