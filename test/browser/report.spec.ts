import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIXTURES, run } from '../cli/run.js';
import { artifactPath, describeBrowser, launchChromium, watchPage, type LaunchedBrowser } from '../support/browser.js';

// The self-contained HTML report (issue 10) as a reader sees it: rendered by headless Chromium from
// a file, with every request the page makes recorded. The report covers five snapshots, so every
// metric chart must draw five points, each inside the chart's drawing area.

const SNAPSHOTS = ['basic', 'changed', 'basic', 'changed', 'changed'].map((s) => `${FIXTURES}/${s}`);

describeBrowser('the HTML report in headless Chromium', () => {
  let chromium: LaunchedBrowser;
  let dir: string;
  let url: string;
  let metricNames: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ps-report-browser-'));
    const html = await run(['report', '--cluster', 'demo', ...SNAPSHOTS]);
    expect(html.code).toBe(0);
    const json = await run(['report', '--format', 'json', '--cluster', 'demo', ...SNAPSHOTS]);
    metricNames = (JSON.parse(json.stdout) as { metrics: { name: string }[] }).metrics.map((m) => m.name);
    const file = join(dir, 'report.html');
    writeFileSync(file, html.stdout);
    url = pathToFileURL(file).href;
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws one chart per metric with a point per snapshot, and requests nothing but the page', async () => {
    const page = await chromium.browser.newPage();
    const watched = watchPage(page);
    await page.goto(url, { waitUntil: 'load' });
    const charts = await page.$$eval('svg.chart', (svgs) =>
      svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        const points = [...svg.querySelectorAll('circle.point')].map((c) => c.getBoundingClientRect());
        return {
          metric: svg.getAttribute('data-metric'),
          width: box.width,
          height: box.height,
          points: points.length,
          inside: points.every((p) => p.left >= box.left - 4 && p.right <= box.right + 4 && p.top >= box.top - 4 && p.bottom <= box.bottom + 4),
        };
      }),
    );
    expect(charts.map((c) => c.metric).sort()).toEqual([...metricNames].sort());
    for (const chart of charts) {
      expect(chart).toMatchObject({ points: SNAPSHOTS.length, inside: true });
      expect(chart.width).toBeGreaterThan(100);
      expect(chart.height).toBeGreaterThan(30);
    }
    expect(watched.requests).toEqual([url]);
    expect([...watched.consoleErrors, ...watched.pageErrors]).toEqual([]);
    await page.screenshot({ path: artifactPath('report.png'), fullPage: true });
    await page.close();
  });

  it('prints: the print layout keeps every chart and the PDF has pages', async () => {
    const page = await chromium.browser.newPage();
    const watched = watchPage(page);
    await page.goto(url, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const visibleCharts = await page.$$eval('svg.chart', (svgs) => svgs.filter((s) => s.getBoundingClientRect().width > 0).length);
    expect(visibleCharts).toBe(metricNames.length);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(watched.requests).toEqual([url]);
    await page.close();
  });
});
