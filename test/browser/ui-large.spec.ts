import { generateCluster, toJsonList } from '../../bench/generate.js';
import { artifactPath, describeBrowser, launchChromium, watchPage, type LaunchedBrowser } from '../support/browser.js';
import { until } from '../support/processes.js';
import { sameOrigin, startUiService, type UiService } from './ui-service.js';

// The graph on the 10,000-pod generated snapshot (bench size L: 100 namespaces, 2,000 policies,
// about 1,000 workloads): time from navigation to the first drawn graph, and to the workloads of
// one namespace. Issue 12 asks for under 2 s; the figures are logged (and written to
// test-artifacts/browser/ui-large.json). The bound asserted is generous, because the machine this
// runs on is shared (2 cores): it catches a UI that stops scaling, not a slow second.

const FIRST_VIEW_TARGET_MS = 2_000;
const FIRST_VIEW_BOUND_MS = 10_000;

describeBrowser('the web UI on the 10,000-pod snapshot', () => {
  let service: UiService;
  let chromium: LaunchedBrowser;
  let snapshotId: string;

  beforeAll(async () => {
    service = await startUiService();
    const body = toJsonList(generateCluster({ pods: 10_000, policies: 2_000, namespaces: 100, seed: 1 }));
    const auth = { authorization: `Bearer ${service.adminKey}` };
    const upload = await fetch(`${service.base}/api/v1/snapshots?cluster=large&name=L`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
    expect(upload.status).toBe(202);
    snapshotId = ((await upload.json()) as { id: string }).id;
    await until('the L snapshot to be analysed', 240_000, async () => {
      const s = (await (await fetch(`${service.base}/api/v1/snapshots/${snapshotId}`, { headers: auth })).json()) as { status: string };
      if (s.status === 'failed') throw new Error('analysis failed');
      return s.status === 'ready' ? true : undefined;
    });
    chromium = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await chromium?.close();
    await service?.stop();
  });

  it(`draws the namespace graph first (target < ${FIRST_VIEW_TARGET_MS} ms) and opens a namespace into its workloads`, async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const watched = watchPage(page);
    // Signed in as the sign-in page would leave it; the measured navigation starts cold (no cache).
    await page.goto(`${service.base}/sign-in`);
    await page.evaluate((key) => (globalThis as any).sessionStorage.setItem('policyscope.credential', key), service.adminKey);

    const started = Date.now();
    await page.goto(`${service.base}/snapshots/${snapshotId}`);
    await page.locator('[data-graph-ready="true"]').waitFor({ timeout: 60_000 });
    const firstViewMs = Date.now() - started;
    // Where the time went, from the page's own clock (ms since navigation start).
    const inPage = await page.evaluate(() => {
      const perf = (globalThis as any).performance;
      const at = (name: string) => Math.round(perf.getEntriesByName(name)[0]?.startTime ?? -1);
      return { scriptsLoaded: Math.round(perf.getEntriesByType('navigation')[0].domContentLoadedEventEnd), connectivityReceived: at('policyscope:connectivity-received'), graphDrawn: at('policyscope:graph-drawn') };
    });
    const label = (await page.getByTestId('graph').getAttribute('aria-label')) ?? '';

    // The same page loaded again: the service has the snapshot's results in memory now, the page
    // starts from nothing (a reload keeps no urql cache).
    const again = Date.now();
    await page.reload();
    await page.locator('[data-graph-ready="true"]').waitFor({ timeout: 60_000 });
    const warmViewMs = Date.now() - again;
    const namespaces = Number(/(\d+) nodes/.exec(label)?.[1]);
    expect(namespaces).toBeGreaterThanOrEqual(100); // 100 namespaces (+ kube-system, outside sources)

    const opening = Date.now();
    await page.locator('.ns-list button').nth(1).click(); // any namespace: the second in the list
    await page.waitForFunction((before) => {
      const now = (globalThis as any).document.querySelector('[data-testid=graph]')?.getAttribute('aria-label') ?? '';
      return now !== before && /nodes/.test(now);
    }, label, { timeout: 60_000 });
    const openNamespaceMs = Date.now() - opening;
    const opened = (await page.getByTestId('graph').getAttribute('aria-label')) ?? '';

    // Panning with the keyboard must keep the page responsive: 20 moves, each a redraw.
    await page.getByTestId('graph').focus();
    const panning = Date.now();
    for (let i = 0; i < 20; i++) await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
    await page.evaluate(() => new Promise((r) => (globalThis as any).requestAnimationFrame(r)));
    const panMs = Date.now() - panning;

    await page.screenshot({ path: artifactPath('ui-large-graph.png') });
    const figures = { firstViewMs, inPage, warmViewMs, openNamespaceMs, panTwentyStepsMs: panMs, graph: label, opened };
    process.stdout.write(
      `\nUI on the 10,000-pod snapshot: first graph view ${firstViewMs} ms (target < ${FIRST_VIEW_TARGET_MS} ms; in the page: scripts ${inPage.scriptsLoaded} ms, ` +
        `connectivity ${inPage.connectivityReceived} ms, drawn ${inPage.graphDrawn} ms), loaded again ${warmViewMs} ms, one namespace opened in ${openNamespaceMs} ms, 20 keyboard pans in ${panMs} ms\n`,
    );
    const { writeFileSync } = await import('node:fs');
    writeFileSync(artifactPath('ui-large.json'), `${JSON.stringify(figures, null, 2)}\n`);

    expect(firstViewMs).toBeLessThan(FIRST_VIEW_BOUND_MS);
    expect(warmViewMs).toBeLessThan(FIRST_VIEW_BOUND_MS);
    expect(watched.requests.filter((u) => !sameOrigin(service.base)(u))).toEqual([]);
    expect([...watched.consoleErrors, ...watched.pageErrors]).toEqual([]);
    await page.close();
  }, 120_000);
});
