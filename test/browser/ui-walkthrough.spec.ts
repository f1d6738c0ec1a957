import { readFileSync } from 'node:fs';
import { artifactPath, describeBrowser, launchChromium, watchPage, type LaunchedBrowser, type Page } from '../support/browser.js';
import { sameOrigin, seriousA11yViolations, startUiService, type UiService } from './ui-service.js';

// The README walkthrough done through the web UI, as a person would: sign in with the admin key,
// upload both demo versions (file picker, then drag and drop), open the graph, ask can-reach, open
// the diff, read the trend. On every page: no console error, no request off the service's origin,
// no serious or critical axe-core violation, and a screenshot in test-artifacts/browser/.
// Functions passed to page.evaluate run in the page: DOM names are reached through globalThis
// (this tier's tsconfig has no DOM types).

const V1 = readFileSync('examples/shop-v1/shop.yaml', 'utf8');
const V2 = readFileSync('examples/shop-v2/shop.yaml', 'utf8');

describeBrowser('the web UI: README walkthrough', () => {
  let service: UiService;
  let chromium: LaunchedBrowser;
  let page: Page;
  let watched: ReturnType<typeof watchPage>;
  const checked: string[] = [];
  const ids: Record<string, string> = {};

  /** Screenshot, axe-core and the console so far, for the page on screen. */
  async function checkPage(name: string) {
    await page.screenshot({ path: artifactPath(`ui-${name}.png`), fullPage: true });
    expect({ page: name, violations: await seriousA11yViolations(page) }).toEqual({ page: name, violations: [] });
    expect({ page: name, errors: [...watched.consoleErrors, ...watched.pageErrors] }).toEqual({ page: name, errors: [] });
    checked.push(name);
  }

  beforeAll(async () => {
    service = await startUiService();
    chromium = await launchChromium();
    const context = await chromium.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    watched = watchPage(page);
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await service?.stop();
  });

  it('signs in with the admin key, and refuses a wrong one', async () => {
    await page.goto(`${service.base}/`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByLabel('API key or OIDC token').fill('ps_not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('refused');
    watched.consoleErrors.length = 0; // Chromium logs each 401 as a failed request: the refused key's, and the page's probe for AUTH=off
    await checkPage('sign-in');
    await page.getByLabel('API key or OIDC token').fill(service.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Clusters', level: 1 }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('policyscope.credential'))).toBe(service.adminKey);
  });

  it('uploads v1 with the file picker and v2 by drag and drop, and shows the analysis finish', async () => {
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    await page.getByRole('heading', { name: 'Upload a snapshot' }).waitFor();
    await page.getByTestId('file-input').setInputFiles({ name: 'shop.yaml', mimeType: 'application/yaml', buffer: Buffer.from(V1) });
    await page.getByLabel('Cluster').fill('demo');
    await page.getByLabel('Snapshot name (optional)').fill('v1');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByTestId('upload-ready').waitFor({ timeout: 60_000 });
    await checkPage('upload');

    await page.goto(`${service.base}/upload`);
    await page.getByTestId('dropzone').waitFor();
    const drop = await page.evaluateHandle((text) => {
      const transfer = new (globalThis as any).DataTransfer();
      transfer.items.add(new (globalThis as any).File([text], 'shop-v2.yaml', { type: 'application/yaml' }));
      return transfer;
    }, V2);
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: drop });
    await page.getByText('shop-v2.yaml').waitFor();
    await page.getByLabel('Cluster').fill('demo');
    await page.getByLabel('Snapshot name (optional)').fill('v2');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByTestId('upload-ready').waitFor({ timeout: 60_000 });
  });

  it('lists the cluster with its latest snapshot, plugin and risk figures', async () => {
    await page.getByRole('link', { name: 'Clusters', exact: true }).click();
    const card = page.locator('.cluster-list li', { hasText: 'demo' });
    await card.getByText('policies enforced').waitFor();
    expect(await card.textContent()).toContain('Latest snapshot v2');
    expect(await card.textContent()).toContain('Internet-exposed workloads');
    await card.getByText(/^Findings:/).waitFor();
    expect(await card.textContent()).toMatch(/Intents: none set/);
    expect(await card.locator('svg.sparkline polyline').count()).toBeGreaterThan(0);
    await checkPage('clusters');
  });

  it('opens the graph of v1 at namespaces, opens shop into workloads, and shows the matrix and the table', async () => {
    const snapshots = await page.evaluate(async () => {
      const r = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${(globalThis as any).sessionStorage.getItem('policyscope.credential')}` }, body: JSON.stringify({ query: '{ snapshots(cluster: "demo") { items { id name } } }' }) });
      return ((await r.json()) as { data: { snapshots: { items: { id: string; name: string }[] } } }).data.snapshots.items;
    });
    for (const s of snapshots) ids[s.name] = s.id;
    await page.goto(`${service.base}/snapshots/${ids.v1}`);
    await page.locator('[data-graph-ready="true"]').waitFor();
    expect(await page.getByTestId('graph').getAttribute('aria-label')).toMatch(/Connectivity of snapshot v1: \d+ nodes, \d+ edges/);
    await page.getByRole('button', { name: '+ shop' }).click();
    await page.getByRole('button', { name: '− shop' }).waitFor();
    await page.waitForFunction(() => /[1-9]\d* nodes/.test((globalThis as any).document.querySelector('[data-testid=graph]')?.getAttribute('aria-label') ?? ''));
    await page.locator('[data-graph-ready="true"]').waitFor();
    await checkPage('snapshot-graph');

    await page.getByRole('button', { name: 'Namespace matrix' }).click();
    await page.locator('table.matrix').waitFor();
    expect(await page.locator('table.matrix').textContent()).toContain('payments');
    await checkPage('snapshot-matrix');

    await page.getByRole('button', { name: 'Table' }).click();
    await page.getByLabel('Search connections').fill('frontend cart');
    await page.getByRole('cell', { name: 'shop/cart[Deployment]' }).first().waitFor();
    expect(await page.locator('table.data tbody').textContent()).toContain('TCP 8080');
    await checkPage('snapshot-table');
  });

  it('filters the connections by a label selector (applied by the service), and says what is wrong with a malformed one', async () => {
    await page.getByLabel('Search connections').fill('');
    await page.getByRole('textbox', { name: 'Label selector' }).fill('app in (cart,catalog)');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByTestId('selector-status').waitFor();
    await page.waitForFunction(() => {
      const rows = [...(globalThis as any).document.querySelectorAll('table.data tbody tr')].map((r: any) => r.textContent as string);
      return rows.length > 0 && rows.every((r) => /shop\/(cart|catalog)\[Deployment\]/.test(r));
    });
    const rows = await page.locator('table.data tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    // Every row keeps a pod matching the selector on one side: cart or catalog.
    expect(rows.filter((r) => !/shop\/(cart|catalog)\[Deployment\]/.test(r))).toEqual([]);
    expect(page.url()).toContain('selector=');
    await page.getByRole('button', { name: 'Graph' }).click();
    await page.locator('[data-graph-ready="true"]').waitFor();
    await checkPage('snapshot-selector');

    await page.getByRole('textbox', { name: 'Label selector' }).fill('app in (cart');
    await page.getByRole('button', { name: 'Apply' }).click();
    const problem = page.locator('#selector-error');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/selector/);
    expect(await page.getByRole('textbox', { name: 'Label selector' }).getAttribute('aria-invalid')).toBe('true');
    watched.consoleErrors.length = 0; // the refused selector's 400, as Chromium logs it
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.locator('#selector-error').waitFor({ state: 'detached' });
  });

  it('asks whether the frontend can reach the payments API on 8443: denied, with the deciding policies tier by tier', async () => {
    await page.getByRole('link', { name: 'Ask', exact: true }).click();
    await page.getByLabel('From').fill('shop/frontend');
    await page.getByLabel('To', { exact: true }).fill('payments/payments-api');
    await page.getByLabel('Port').first().fill('8443');
    await page.getByRole('button', { name: 'Ask', exact: true }).first().click();
    const answer = page.getByTestId('can-reach-answer');
    await answer.waitFor();
    const text = (await answer.textContent()) ?? '';
    expect(text).toContain('shop/frontend');
    expect(text).toContain('denied');
    expect(text).toMatch(/NetworkPolicy (shop|payments)\//);
    expect(await answer.locator('.trace .tier').count()).toBeGreaterThan(0);
    await checkPage('ask');
  });

  it('opens a deciding policy of the trace as YAML', async () => {
    const link = page.getByTestId('can-reach-answer').locator('.trace a.object-link').first();
    const name = (await link.textContent()) ?? '';
    expect(name).toMatch(/^NetworkPolicy (shop|payments)\//);
    await link.click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    const yaml = (await page.getByTestId('object-yaml').textContent()) ?? '';
    expect(yaml.startsWith('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:')).toBe(true);
    expect(yaml).toContain(`name: ${name.split('/')[1]}`);
    await checkPage('policy-yaml');
  });

  it('lists the exposed workloads, the findings and the cluster intents on the snapshot', async () => {
    // Intents set in the page's editor: one that holds on v1, one it violates.
    const intents = {
      intents: [
        { name: 'frontend-not-to-payments', type: 'deny', from: { namespace: 'shop', labels: { app: 'frontend' } }, to: { namespace: 'payments' } },
        { name: 'frontend-not-exposed', type: 'not-exposed', to: { namespace: 'shop', labels: { app: 'frontend' } } },
      ],
    };
    await page.getByRole('link', { name: 'Exposure and findings', exact: true }).click();
    await page.getByRole('cell', { name: /shop\/frontend/ }).first().waitFor();
    await page.getByTestId('findings').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('findings').locator('tbody tr').count()).toBeGreaterThan(0);
    // Findings' objects and exposure reasons' policies link to their YAML.
    expect(await page.getByTestId('findings').locator('a.object-link').count()).toBeGreaterThan(0);
    expect(await page.locator('ul.objects a.object-link').count()).toBeGreaterThan(0);

    // The intents are edited in the page: a malformed file is refused, naming the field; then saved.
    await page.getByRole('button', { name: 'Edit the intents of demo' }).click();
    const editor = page.getByLabel('Intents file (YAML or JSON)');
    await editor.waitFor();
    expect(await editor.inputValue()).toContain('intents: []');
    await editor.fill('intents:\n  - name: broken\n    type: sometimes\n    to: {}\n');
    await page.getByRole('button', { name: 'Save intents' }).click();
    const refused = page.getByTestId('intents-errors');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('type');
    watched.consoleErrors.length = 0;
    await checkPage('intents-editor');
    await editor.fill(JSON.stringify(intents, null, 2));
    await page.getByRole('button', { name: 'Save intents' }).click();
    await page.getByText('Saved 2 intents.').waitFor();
    const kept = await fetch(`${service.base}/api/v1/clusters/demo/intents`, { headers: { authorization: `Bearer ${service.adminKey}` } });
    const keptIntents = ((await kept.json()) as { intents: { name: string }[] }).intents;
    expect(keptIntents.map((i) => i.name)).toEqual(['frontend-not-to-payments', 'frontend-not-exposed']);
    // Opened again, the editor shows the kept intents as an intents file.
    await page.getByRole('button', { name: 'Edit the intents of demo' }).click();
    expect(await editor.inputValue()).toContain('name: frontend-not-exposed');
    // The file the editor writes from the kept intents is one the API takes back unchanged.
    await page.getByRole('button', { name: 'Save intents' }).click();
    await page.getByText('Saved 2 intents.').waitFor();
    const again = await fetch(`${service.base}/api/v1/clusters/demo/intents`, { headers: { authorization: `Bearer ${service.adminKey}` } });
    expect(((await again.json()) as { intents: unknown[] }).intents).toEqual(keptIntents);
    const shown = page.getByTestId('intents');
    await shown.waitFor();
    expect(await shown.locator('li.change.added', { hasText: 'frontend-not-to-payments' }).count()).toBe(1);
    expect(await shown.locator('li.change.removed', { hasText: 'frontend-not-exposed' }).count()).toBe(1);
    await checkPage('exposure');
  });

  it('checks a proposal on v1 without storing it: removing the checkout ingress policy closes checkout to payments', async () => {
    await page.getByRole('link', { name: 'What if', exact: true }).click();
    await page.getByLabel('Objects to remove, one a line').fill('NetworkPolicy payments/payments-api-from-checkout');
    await page.getByRole('button', { name: 'Check the proposal' }).click();
    const result = page.getByTestId('what-if-result');
    await result.waitFor({ timeout: 30_000 });
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('Removed: NetworkPolicy payments/payments-api-from-checkout');
    expect(text).toContain('shop/checkout[Deployment] → payments/payments-api[Deployment]');
    expect(await result.locator('.change.removed').count()).toBeGreaterThan(0);
    const deltas = result.getByTestId('intent-deltas');
    expect(await deltas.locator('tbody tr').count()).toBe(2);
    expect(await deltas.locator('tbody tr', { hasText: 'frontend-not-exposed' }).locator('.badge.denied').count()).toBe(2);
    await checkPage('what-if');
  });

  it('opens the diff of v2 against v1: the removed checkout edge, the new policy, the field diff side by side', async () => {
    // From v1's pages: v1 has no predecessor, so the two snapshots are picked.
    await page.getByRole('link', { name: 'Changes', exact: true }).last().click();
    await page.getByText('has no earlier ready snapshot').waitFor();
    await page.getByLabel('After').selectOption(ids.v2!);
    await page.getByLabel('Before').selectOption(ids.v1!);
    await page.getByTestId('diff-summary').waitFor({ timeout: 30_000 });
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).toContain('shop/checkout[Deployment] → payments/payments-api[Deployment]');
    expect(body).toContain('NetworkPolicy payments/payments-api-to-internet');
    expect(await page.locator('.change.removed').count()).toBeGreaterThan(0);
    expect(await page.locator('.change.added').count()).toBeGreaterThan(0);
    expect(await page.locator('table.side-by-side td.before').count()).toBeGreaterThan(0);
    const deltas = page.getByTestId('intent-deltas');
    expect(await deltas.locator('tbody tr').count()).toBe(2);
    expect(await deltas.locator('thead').textContent()).toContain('v1');
    await page.locator('[data-graph-ready="true"]').waitFor();
    await checkPage('changes');
  });

  it('reads the trend: two snapshots, charts drawn, the report downloads', async () => {
    await page.goto(`${service.base}/clusters/demo/trends`);
    await page.getByTestId('trend-summary').waitFor();
    expect(await page.getByTestId('trend-summary').textContent()).toContain('2 snapshots');
    expect(await page.locator('.charts canvas').count()).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the report (HTML)' }).click()]);
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html).toMatch(/<html/i);
    expect(html).toContain('demo');
    await checkPage('trends');
  });

  it('made no request outside the service origin and logged no error on any page', () => {
    expect(checked).toEqual(['sign-in', 'upload', 'clusters', 'snapshot-graph', 'snapshot-matrix', 'snapshot-table', 'snapshot-selector', 'ask', 'policy-yaml', 'intents-editor', 'exposure', 'what-if', 'changes', 'trends']);
    expect(watched.requests.length).toBeGreaterThan(20);
    expect(watched.requests.filter((u) => !sameOrigin(service.base)(u))).toEqual([]);
    expect([...watched.consoleErrors, ...watched.pageErrors]).toEqual([]);
  });

  it('serves client routes with the page, and leaves the API paths to the API', async () => {
    const deep = await fetch(`${service.base}/snapshots/anything/ask`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    const api = await fetch(`${service.base}/api/v1/no-such-route`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const health = await fetch(`${service.base}/health`);
    expect(health.status).toBe(200);
    const missingAsset = await fetch(`${service.base}/assets/missing.js`);
    expect(missingAsset.status).toBe(404);
  });
});
